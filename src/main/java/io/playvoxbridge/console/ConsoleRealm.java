package io.playvoxbridge.console;

import java.util.Map;
import java.util.function.Supplier;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

/**
 * The JVM's JAAS configuration with the console's realm {@value #NAME} added: one required
 * {@link ConsoleLoginModule} over the given users. Other realm names go to the configuration that was there before
 * ({@code java.security.auth.login.config}, if any). Hawtio's login reads the JVM-wide configuration, so there is one
 * console realm per JVM: {@link #install} replaces an earlier one.
 */
public final class ConsoleRealm extends Configuration {

    /** The realm name given to Hawtio ({@code hawtio.realm}). */
    public static final String NAME = "playvox-bridge-console";

    private final Configuration previous;
    private final AppConfigurationEntry[] entries;

    private ConsoleRealm(Configuration previous, Supplier<ConsoleUsers> users) {
        this.previous = previous;
        this.entries = new AppConfigurationEntry[] {new AppConfigurationEntry(ConsoleLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of(ConsoleLoginModule.USERS_OPTION, users))};
    }

    /**
     * Makes the console realm part of the JVM's JAAS configuration.
     *
     * @param users the current users, asked at each login
     */
    public static synchronized void install(Supplier<ConsoleUsers> users) {
        Configuration current = currentOrNull();
        Configuration previous = current instanceof ConsoleRealm realm ? realm.previous : current;
        Configuration.setConfiguration(new ConsoleRealm(previous, users));
    }

    /**
     * @param name a realm name
     * @return the console's login module for {@value #NAME}; the earlier configuration's entries otherwise
     */
    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        if (NAME.equals(name)) {
            return entries.clone();
        }
        return previous == null ? null : previous.getAppConfigurationEntry(name);
    }

    private static Configuration currentOrNull() {
        try {
            return Configuration.getConfiguration();
        } catch (SecurityException e) {
            return null; // no JAAS configuration file: there was none before
        }
    }
}
