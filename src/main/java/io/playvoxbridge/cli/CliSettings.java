package io.playvoxbridge.cli;

import io.playvoxbridge.Application;
import io.playvoxbridge.BridgeConfiguration;
import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.state.StateDatabase;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The bridge's settings as the application resolves them, read without starting Camel, its routes or the sandbox:
 * {@code application.properties} from the working directory, else the copy packaged in the jar
 * ({@link Application#localOrPackaged}), read by Camel's own properties component, so environment variables
 * ({@code BRIDGE_STATE_JDBC_URL}), JVM system properties ({@code -Dbridge.state.jdbc-url=...}) and
 * {@code {{env:...}}} placeholders resolve exactly as in the running bridge. Opens the state database the same way
 * the bridge does ({@code bridge.state.jdbc-url}, {@code bridge.state.user}, {@code bridge.state.password}).
 */
final class CliSettings {

    /** H2's error code for a database file another process holds open ("Database may be already in use"). */
    static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private final BridgeSettings settings;

    private CliSettings(BridgeSettings settings) {
        this.settings = settings;
    }

    /**
     * @param overrides settings that win over the properties file, as Camel Main's override properties do
     * @return the settings, ready to read (the Camel context that reads them is built but never started: it has
     *         no thread and nothing to close)
     */
    static CliSettings load(Map<String, String> overrides) {
        DefaultCamelContext camel = new DefaultCamelContext(false);
        camel.build(); // its type converter reads the override properties
        PropertiesComponent properties = camel.getPropertiesComponent();
        properties.setLocation(Application.localOrPackaged("application.properties"));
        Properties p = new Properties();
        p.putAll(overrides);
        properties.setOverrideProperties(p);
        return new CliSettings(new BridgeSettings(properties));
    }

    /** @return typed access to the settings */
    BridgeSettings settings() {
        return settings;
    }

    /**
     * Opens (and, like the bridge, migrates) the state database.
     *
     * @return the open database; close it when done
     * @throws io.playvoxbridge.BridgeConfigurationException when {@code bridge.state.jdbc-url} is unset
     * @throws io.playvoxbridge.state.StateDatabaseException when it cannot be opened (message without password);
     *                                                       see {@link #inUseByAnotherProcess} for a locked H2 file
     */
    StateDatabase openStateDatabase() {
        return new StateDatabase(BridgeConfiguration.durableH2(settings.required("bridge.state.jdbc-url")),
                settings.optional("bridge.state.user").orElse(""),
                settings.optional("bridge.state.password").orElse(""));
    }

    /**
     * @param error any failure
     * @return true when it says that an H2 state database file is held by another process (a running bridge): H2's
     *         error 90020 in the cause chain, or its message (kept in the text when the cause is withheld)
     */
    static boolean inUseByAnotherProcess(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN
                    || t.getMessage() != null && t.getMessage().contains("Database may be already in use")) {
                return true;
            }
        }
        return false;
    }
}
