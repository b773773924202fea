package io.playvoxbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.main.Main;

/**
 * Entry point: builds Camel Main with the bridge's beans, listener and routes, and runs until stopped.
 *
 * <p>{@code application.properties}, {@code routes/} and {@code integrations/} are read from the working directory
 * when they are there, and otherwise from the copies packaged in the jar, so the jar runs from any directory.
 * A bad setting ends the process with exit code 2 and one line naming the key.
 */
public final class Application {

    private Application() {
    }

    /**
     * Runs the bridge.
     *
     * @param args Camel Main arguments (none are needed)
     * @throws Exception when Camel fails for a reason other than a bad setting
     */
    public static void main(String[] args) throws Exception {
        Main main = createMain();
        try {
            int code = main.run(args);
            System.exit(code);
        } catch (Exception e) {
            BridgeConfigurationException bad = BridgeConfigurationException.find(e);
            if (bad != null) {
                System.err.println("playvox-bridge cannot start: " + bad.getMessage());
                System.exit(2);
            }
            e.printStackTrace();
            System.err.println("playvox-bridge stopped: " + e.getMessage());
            System.exit(1);
        }
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
