package io.playvoxbridge.console;

import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.BridgeSettings;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Hawtio console ({@link HawtioConsole}) with the application and stops it with it.
 * <ol>
 *   <li>before configure: reads and checks {@code bridge.console.*} and the users file, so a bad value stops the
 *       start naming its key before anything runs;</li>
 *   <li>after start (when {@code bridge.console.enabled}): starts the console, binds it as {@value #BEAN} and logs
 *       its address; with no user in the users file (and the sandbox off) logs one WARN line saying how to add one;
 *       in sandbox mode adds a demo user {@value #DEMO_USER} with a random password, kept in memory only, and
 *       prints it once in an INFO line (the only password the application ever prints);</li>
 *   <li>before stop: stops the console.</li>
 * </ol>
 */
public final class ConsoleMainListener extends MainListenerSupport {

    /** Registry name of the running {@link HawtioConsole}. */
    public static final String BEAN = "hawtioConsole";
    /** The sandbox's demo user. */
    public static final String DEMO_USER = "demo";

    /**
     * PBKDF2 iterations of the demo user's hash: few, as its password is random (96 bits) and lives in memory only;
     * each login then costs milliseconds instead of the users file's {@link ConsoleUsers#DEFAULT_ITERATIONS}.
     */
    static final int DEMO_ITERATIONS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleMainListener.class);

    private ConsoleSettings settings;
    private HawtioConsole console;

    /** Checks the console's settings and users file. @param main Camel Main */
    @Override
    public void beforeConfigure(BaseMainSupport main) {
        BridgeSettings s = new BridgeSettings(main.getCamelContext().getPropertiesComponent());
        settings = ConsoleSettings.from(s);
        if (settings.enabled()) {
            readUsers(settings); // a broken file stops the start now, not at the first login
            String auth = hawtioSettings(main.getCamelContext().getPropertiesComponent()).get("hawtio.authenticationEnabled");
            if (auth != null && !auth.equalsIgnoreCase("true")) {
                throw new BridgeConfigurationException("hawtio.authenticationEnabled: the console always requires a "
                        + "login (set bridge.console.enabled=false to turn the console off)");
            }
        }
    }

    /** Starts the console when enabled. @param main Camel Main */
    @Override
    public void afterStart(BaseMainSupport main) {
        if (settings == null || !settings.enabled()) {
            return;
        }
        CamelContext camel = main.getCamelContext();
        BridgeSettings s = new BridgeSettings(camel.getPropertiesComponent());
        boolean sandbox = s.bool("bridge.sandbox.enabled", false);
        ConsoleUsers demo = ConsoleUsers.none();
        char[] demoPassword = null;
        if (sandbox) {
            demoPassword = randomPassword();
            demo = demo.withUser(DEMO_USER, demoPassword, DEMO_ITERATIONS);
        }
        ConsoleSettings current = settings;
        ConsoleUsers extra = demo;
        Supplier<ConsoleUsers> users = () -> readUsers(current).plus(extra);
        console = HawtioConsole.start(settings, hawtioSettings(camel.getPropertiesComponent()), users);
        camel.getRegistry().bind(BEAN, console);
        if (sandbox) {
            LOG.info("Console (Hawtio) at {} - sandbox demo user '{}', password '{}' (new at each start, sandbox only)",
                    console.url(), DEMO_USER, new String(demoPassword));
            java.util.Arrays.fill(demoPassword, '\0');
        } else if (readUsers(settings).isEmpty()) {
            LOG.warn("Console (Hawtio) at {} - no user can log in yet: add one with `java -jar playvox-bridge.jar "
                    + "console add-user NAME` (writes {})", console.url(), settings.usersFile().toAbsolutePath());
        } else {
            LOG.info("Console (Hawtio) at {} (users from {})", console.url(), settings.usersFile().toAbsolutePath());
        }
    }

    /**
     * Stops the console before Camel stops: on SIGTERM the JVM may end as soon as the Camel context is down, before
     * {@code afterStop} listeners finish.
     *
     * @param main Camel Main
     */
    @Override
    public void beforeStop(BaseMainSupport main) {
        if (console != null) {
            console.close();
            console = null;
        }
    }

    private static ConsoleUsers readUsers(ConsoleSettings settings) {
        try {
            return ConsoleUsers.read(settings.usersFile());
        } catch (ConsoleUsersException e) {
            throw new BridgeConfigurationException("bridge.console.users-file: " + e.getMessage(), e);
        }
    }

    /** @return every {@code hawtio.*} setting, resolved (application.properties, environment, system properties) */
    private static Map<String, String> hawtioSettings(PropertiesComponent properties) {
        Map<String, String> hawtio = new TreeMap<>();
        properties.loadProperties(k -> k.startsWith("hawtio.")).stringPropertyNames()
                .forEach(k -> properties.resolveProperty(k).ifPresent(v -> hawtio.put(k, v.strip())));
        return hawtio;
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }
}
