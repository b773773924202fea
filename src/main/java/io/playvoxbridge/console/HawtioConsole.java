package io.playvoxbridge.console;

import io.playvoxbridge.BridgeConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.webapp.WebAppContext;

/**
 * The Hawtio web console (hawtio-embedded 3.0.0's web app) on Jetty in this JVM, at
 * {@code http://<host>:<port>/hawtio}, login required. Hawtio's own Jolokia reads this JVM's MBeans, where
 * camel-management registers the Camel context, routes, processors and the Quartz scheduler.
 *
 * <p>Hawtio reads its settings ({@code hawtio.*}) from JVM system properties: {@link #start} copies the given ones,
 * then sets those that make the login required and point it at the console's JAAS realm ({@link ConsoleRealm}):
 * {@code hawtio.authenticationEnabled=true}, {@code hawtio.realm}, {@code hawtio.roles} and
 * {@code hawtio.rolePrincipalClasses}. No secret belongs in {@code hawtio.*}: system properties are readable in the
 * console (the {@code java.lang:type=Runtime} MBean).
 *
 * <p>The Jetty server is started directly rather than through {@code io.hawt.embedded.Main}, which keeps no handle to
 * stop it nor tells the port it bound; the web app is the {@code hawtio.war} that hawtio-embedded ships.
 */
public final class HawtioConsole implements AutoCloseable {

    /** The context path of the console. */
    public static final String CONTEXT_PATH = "/hawtio";
    /** Hawtio settings that {@link #start} sets and a user may not change. */
    public static final Map<String, String> FIXED = fixed();

    private static Path war;

    private final Server server;
    private final String url;
    private final Path workDir;
    private final Thread cleanUpAtExit;

    private HawtioConsole(Server server, String url, Path workDir, Thread cleanUpAtExit) {
        this.server = server;
        this.url = url;
        this.workDir = workDir;
        this.cleanUpAtExit = cleanUpAtExit;
    }

    /**
     * Starts the console and returns once it answers.
     *
     * @param settings the console's settings (enabled or not: this starts it)
     * @param hawtio   Hawtio settings ({@code hawtio.*} keys) to copy into system properties, e.g. from
     *                 application.properties
     * @param users    the users allowed to log in, asked at each login
     * @return the running console
     * @throws BridgeConfigurationException naming {@code hawtio.authenticationEnabled} when it is set to anything
     *                                      but true, or {@code bridge.console.port} when the port is in use
     * @throws IllegalStateException        when the web app is missing from the classpath or Jetty fails otherwise
     */
    public static HawtioConsole start(ConsoleSettings settings, Map<String, String> hawtio, Supplier<ConsoleUsers> users) {
        String auth = hawtio.get("hawtio.authenticationEnabled");
        if (auth != null && !auth.strip().equalsIgnoreCase("true")) {
            throw new BridgeConfigurationException("hawtio.authenticationEnabled: the console always requires a login "
                    + "(set bridge.console.enabled=false to turn the console off)");
        }
        hawtio.forEach((k, v) -> {
            if (k.startsWith("hawtio.")) {
                System.setProperty(k, v);
            }
        });
        FIXED.forEach(System::setProperty);
        ConsoleRealm.install(users);

        Path workDir = tempDirectory();
        // the JVM may end before close() (SIGTERM): the unpacked web app goes then
        Thread cleanUpAtExit = new Thread(() -> deleteQuietly(workDir), "hawtio-console-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUpAtExit);
        Server server = new Server(new InetSocketAddress(settings.host(), settings.port()));
        WebAppContext webapp = new WebAppContext();
        webapp.setTempDirectory(workDir.toFile()); // the unpacked web app (about 70 MB), deleted by close()
        webapp.setContextPath(CONTEXT_PATH);
        webapp.setWar(war().toString());
        // the web app uses this JVM's classes first (as hawtio-embedded does): Camel's, SLF4J's and the login module
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setLogUrlOnStart(false);
        webapp.setInitParameter("scheme", "http");
        server.setHandler(webapp);
        server.setStopAtShutdown(false); // Camel Main stops it with the application
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            deleteQuietly(workDir);
            Runtime.getRuntime().removeShutdownHook(cleanUpAtExit);
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new BridgeConfigurationException("bridge.console.port: cannot listen on " + settings.host() + ":"
                        + settings.port() + " (" + e.getMessage() + "); choose another port or set bridge.console.enabled=false", e);
            }
            throw new IllegalStateException("the console (Hawtio) did not start: " + e.getMessage(), e);
        }
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return new HawtioConsole(server, "http://" + host + ":" + port + CONTEXT_PATH, workDir, cleanUpAtExit);
    }

    /** @return the console's address, like {@code http://127.0.0.1:8888/hawtio} (with the bound port) */
    public String url() {
        return url;
    }

    /** @return the TCP port it listens on */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Stops the console and deletes its unpacked web app. */
    @Override
    public void close() {
        stopQuietly(server);
        deleteQuietly(workDir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUpAtExit);
        } catch (IllegalStateException e) {
            // the JVM is ending: the hook runs (or ran) anyway
        }
    }

    private static Path tempDirectory() {
        try {
            return Files.createTempDirectory("playvox-bridge-hawtio-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary folder for the console: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder: nothing else to do
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping: nothing left to do
        }
    }

    /** The bundled web app, copied once per JVM from the classpath to a temporary file (Jetty unpacks it from there). */
    private static synchronized Path war() {
        if (war != null && Files.exists(war)) {
            return war;
        }
        try (InputStream in = HawtioConsole.class.getClassLoader().getResourceAsStream("hawtio.war")) {
            if (in == null) {
                throw new IllegalStateException("hawtio.war is not on the classpath (io.hawt:hawtio-embedded is missing)");
            }
            Path file = Files.createTempFile("playvox-bridge-hawtio-", ".war");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            war = file;
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy hawtio.war to a temporary file: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> fixed() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hawtio.authenticationEnabled", "true");
        m.put("hawtio.realm", ConsoleRealm.NAME);
        m.put("hawtio.roles", ConsolePrincipal.OPERATOR);
        m.put("hawtio.rolePrincipalClasses", ConsolePrincipal.class.getName());
        return Map.copyOf(m);
    }
}
