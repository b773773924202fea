package io.playvoxbridge;

import io.playvoxbridge.cli.BridgeCommand;
import io.playvoxbridge.console.ConsoleMainListener;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.camel.main.Main;

/**
 * Entry point: the command line ({@link BridgeCommand}); without a command it builds Camel Main with the bridge's
 * beans, listener and routes, and runs until stopped.
 *
 * <p>{@code application.properties}, {@code routes/} and {@code integrations/} are read from the working directory
 * when they are there, and otherwise from the copies packaged in the jar, so the jar runs from any directory.
 * A bad setting ends the process with exit code 2 and one line naming the key; so does a bad command-line option
 * (picocli's usage error).
 */
public final class Application {

    private Application() {
    }

    /**
     * Runs a command ({@code --help} lists them), or the bridge when none is given, and exits with its code.
     *
     * Exits with code 2 before anything else when the environment variable {@code LOG_FORMAT} is set to neither
     * {@code text} nor {@code json}.
     *
     * @param args a command and its options, or Camel Main arguments (none are needed)
     */
    public static void main(String[] args) {
        String logFormat = System.getenv("LOG_FORMAT");
        if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
            // checked before the first log line: logback.xml picks its appender by this name
            System.err.println("playvox-bridge cannot start: LOG_FORMAT: '" + logFormat + "' is not a log format "
                    + "(text or json)");
            System.exit(BridgeCommand.BAD_SETTING);
        }
        System.exit(BridgeCommand.commandLine(Map.of()).execute(args));
    }

    /**
     * Builds (but does not run) the Camel Main of the bridge; tests use the same wiring.
     *
     * @return a configured {@link Main}
     */
    public static Main createMain() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(localOrPackaged("application.properties"));
        main.configure().withRoutesIncludePattern(routesIncludePattern());
        main.configure().addConfiguration(BridgeConfiguration.class);
        main.addMainListener(new BridgeMainListener());
        main.addMainListener(new ConsoleMainListener());
        return main;
    }

    /**
     * @return the YAML routes to load: every {@code *.camel.yaml} below {@code routes/} in the working directory, or
     *         the packaged {@code routes/common} and {@code routes/sources} (jar scanning does not recurse reliably)
     */
    public static String routesIncludePattern() {
        String base = localOrPackaged("routes");
        if (base.startsWith("file:")) {
            return base + "/**/*.camel.yaml";
        }
        List<String> packaged = packagedRoutes();
        if (!packaged.isEmpty()) {
            // named one by one: for a wildcard, Camel reads the whole jar entry by entry (24,000 entries, 120 MB
            // unpacked with the console's web app), which took a good part of the start-up (docs/benchmarks.md)
            return packaged.stream().map(name -> "classpath:" + name).collect(Collectors.joining(","));
        }
        return base + "/common/*.camel.yaml," + base + "/sources/*.camel.yaml";
    }

    /**
     * @return the names of {@code routes/common/*.camel.yaml} and {@code routes/sources/*.camel.yaml} in the jar this
     *         class was loaded from, sorted, read from the jar's central directory (no entry is unpacked); empty when
     *         the classes are not in a jar (tests, IDE) or the jar cannot be read
     */
    static List<String> packagedRoutes() {
        try {
            CodeSource source = Application.class.getProtectionDomain().getCodeSource();
            return source == null ? List.of() : packagedRoutes(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * @param location a jar file, or a classes folder
     * @return the names of {@code routes/common/*.camel.yaml} and {@code routes/sources/*.camel.yaml} in that jar,
     *         sorted; empty for a folder or a file that cannot be read as a jar
     */
    static List<String> packagedRoutes(Path location) {
        if (!Files.isRegularFile(location)) {
            return List.of();
        }
        try (ZipFile jar = new ZipFile(location.toFile())) {
            return jar.stream().map(ZipEntry::getName)
                    .filter(name -> PACKAGED_ROUTE.matcher(name).matches())
                    .sorted()
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static final Pattern PACKAGED_ROUTE = Pattern.compile("routes/(common|sources)/[^/]+\\.camel\\.yaml");

    /**
     * @param name a file or folder name relative to the working directory
     * @return {@code file:<name>} when it exists in the working directory, else {@code classpath:<name>}
     */
    public static String localOrPackaged(String name) {
        return Files.exists(Path.of(name)) ? "file:" + name : "classpath:" + name;
    }
}
