package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged routes are named one by one from the jar's directory, so Camel does not scan the whole jar. */
class ApplicationRoutesTest {

    @TempDir
    Path dir;

    @Test
    void lists_the_camel_yaml_files_of_routes_common_and_routes_sources_of_a_jar() throws IOException {
        Path jar = dir.resolve("bridge.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (String name : new String[] {"routes/sources/wolkvox-chat.camel.yaml", "routes/common/",
                    "routes/common/dead-letter.camel.yaml",
                    "routes/common/notes.txt", "routes/other/x.camel.yaml", "routes/sources/deeper/y.camel.yaml",
                    "io/playvoxbridge/Application.class"}) {
                zip.putNextEntry(new ZipEntry(name));
                zip.closeEntry();
            }
        }

        assertThat(Application.packagedRoutes(jar))
                .containsExactly("routes/common/dead-letter.camel.yaml", "routes/sources/wolkvox-chat.camel.yaml");
    }

    @Test
    void lists_nothing_for_a_classes_folder_or_a_file_that_is_not_a_jar() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("plain.txt"), "not a zip");

        assertThat(Application.packagedRoutes(dir)).isEmpty();
        assertThat(Application.packagedRoutes(notAJar)).isEmpty();
        assertThat(Application.routesIncludePattern()).contains("*.camel.yaml");
    }
}
