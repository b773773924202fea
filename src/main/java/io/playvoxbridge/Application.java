package io.playvoxbridge;

import io.playvoxbridge.cli.BridgeCommand;
import io.playvoxbridge.console.ConsoleMainListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        return base + "/common/*.camel.yaml," + base + "/sources/*.camel.yaml";
    }

    /**
     * @param name a file or folder name relative to the working directory
     * @return {@code file:<name>} when it exists in the working directory, else {@code classpath:<name>}
     */
    public static String localOrPackaged(String name) {
        return Files.exists(Path.of(name)) ? "file:" + name : "classpath:" + name;
    }
}
