package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route reload as an operator meets it: the packaged jar runs in a folder holding its own {@code routes/} (the
 * sandbox on, only Wolkvox {@code chat_4} polling), and the feed's routes file is edited while it runs. A changed
 * cron takes effect without a restart; a file saved broken leaves the running routes as they were.
 */
class RouteReloadIT {

    static final String FEED_FILE = "routes/sources/wolkvox-chat.camel.yaml";
    static final Pattern WINDOW_LINE = Pattern.compile("wolkvox-chat window \\[");

    @TempDir
    Path dir;
    Process bridge;

    @AfterEach
    void stop() throws InterruptedException {
        if (bridge != null) {
            bridge.destroy();
            if (!bridge.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                bridge.destroyForcibly();
            }
        }
    }

    @Test
    void an_edited_cron_takes_effect_and_a_broken_file_keeps_the_running_routes() throws Exception {
        copy(Path.of("routes"), dir.resolve("routes"));
        Files.copy(Path.of("application.properties"), dir.resolve("application.properties"));
        copy(Path.of("integrations"), dir.resolve("integrations"));
        Path log = dir.resolve("bridge.log");
        bridge = start(log);
        await().atMost(Duration.ofSeconds(120)).until(() -> text(log).contains("Route reload on:"));
        // the first poll runs at start; its cron (every 5 minutes) does not fire again within this test
        await().atMost(Duration.ofSeconds(120)).until(() -> count(text(log), WINDOW_LINE) >= 1);

        Path feedFile = dir.resolve(FEED_FILE);
        String original = Files.readString(feedFile);
        assertThat(original).contains("\"{{wolkvox.chat.cron}}\"");
        Files.writeString(feedFile, original.replace("\"{{wolkvox.chat.cron}}\"", "\"0/2 * * * * ?\""));

        await().atMost(Duration.ofSeconds(90)).until(() -> text(log).contains("Route reload: file:" + FEED_FILE + " reloaded"));
        int atReload = count(text(log), WINDOW_LINE);
        // polled every 2 s now: several more windows within half a minute
        await().atMost(Duration.ofSeconds(60)).until(() -> count(text(log), WINDOW_LINE) >= atReload + 3);

        // saved broken: a warning, and the feed goes on polling with the routes it had
        Files.writeString(feedFile, "- templatedRoute:\n    routeTemplateRef: [unclosed\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> text(log).contains("does not parse, its running routes are kept"));
        int atBroken = count(text(log), WINDOW_LINE);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(text(log), WINDOW_LINE) >= atBroken + 2);
        assertThat(bridge.isAlive()).isTrue();
        assertThat(text(log)).doesNotContain(" ERROR ");
    }

    private Process start(Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-jar", new File("target/playvox-bridge.jar").getAbsolutePath())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        for (String vendor : new String[] {"WOLKVOX", "PLAYVOX", "EIGHTBYEIGHT", "FIVE9", "GLADLY"}) {
            env.put("BRIDGE_SANDBOX_" + vendor + "_PORT", "0");
        }
        for (String off : new String[] {"WOLKVOX_SURVEY", "WOLKVOX_CONVERSATIONS", "EIGHTBYEIGHT_INTERACTIONS",
                "FIVE9_CALL_LOG", "FIVE9_DIGITAL", "GLADLY_CONVERSATIONS"}) {
            env.put(off + "_ENABLED", "false");
        }
        env.put("BRIDGE_SANDBOX_WOLKVOX_HISTORY_RECORDS", "20");
        env.put("CAMEL_MANAGEMENT_PORT", "0");
        env.put("BRIDGE_CONSOLE_ENABLED", "false");
        return pb.start();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String text(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static int count(String text, Pattern p) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
