package io.playvoxbridge.console;

import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.BridgeSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The console's settings ({@code bridge.console.*}), validated: a bad value stops the start with a
 * {@link BridgeConfigurationException} naming the key.
 *
 * @param enabled   {@code bridge.console.enabled}: whether Hawtio runs (default true)
 * @param host      {@code bridge.console.host}: the address it listens on (default {@code 127.0.0.1})
 * @param port      {@code bridge.console.port}: its TCP port, 0 for any free port (default 8888)
 * @param usersFile {@code bridge.console.users-file}: the users file (default {@code console-users.properties} in
 *                  the working directory)
 */
public record ConsoleSettings(boolean enabled, String host, int port, Path usersFile) {

    /** Default of {@code bridge.console.port}. */
    public static final int DEFAULT_PORT = 8888;
    /** Default of {@code bridge.console.users-file}. */
    public static final String DEFAULT_USERS_FILE = "console-users.properties";

    /**
     * @param s the bridge's settings
     * @return the console's settings
     * @throws BridgeConfigurationException naming the key: enabled not true/false, a port not a whole number in
     *                                      0..65535, a host that does not resolve, a users file path that is not a path
     */
    public static ConsoleSettings from(BridgeSettings s) {
        boolean enabled = s.bool("bridge.console.enabled", true);
        String host = s.optional("bridge.console.host").orElse("127.0.0.1");
        int port = s.integer("bridge.console.port", DEFAULT_PORT, 0, 65_535);
        Path usersFile = usersFile(s);
        if (enabled) {
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new BridgeConfigurationException("bridge.console.host: '" + host + "' is not an address of this machine");
            }
        }
        return new ConsoleSettings(enabled, host, port, usersFile);
    }

    /**
     * @param s the bridge's settings
     * @return {@code bridge.console.users-file} as a path (relative to the working directory unless absolute)
     * @throws BridgeConfigurationException when it is not a valid path
     */
    public static Path usersFile(BridgeSettings s) {
        String file = s.optional("bridge.console.users-file").orElse(DEFAULT_USERS_FILE);
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw new BridgeConfigurationException("bridge.console.users-file: '" + file + "' is not a file path");
        }
    }
}
