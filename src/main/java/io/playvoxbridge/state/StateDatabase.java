package io.playvoxbridge.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's state database: one JDBC database (an embedded H2 file by default, PostgreSQL in production)
 * holding watermarks, the delivery log, dead letters and the Playvox integration ids.
 *
 * <p>Opening builds a HikariCP pool (4 connections, more in clustered mode; pool name {@code bridge-state}) and
 * brings the schema up to date with the Flyway migrations under {@code classpath:db/migration} (version 5, Quartz's
 * tables, is the Java migration {@link V5__Quartz_tables}); opening an up-to-date database again is a
 * no-op. The URL is used as given (for H2 no {@code AUTO_SERVER} or other option is added); for an H2 file URL
 * such as {@code jdbc:h2:file:./data/bridge} the parent directory ({@code ./data}) is created first.
 *
 * <p>PostgreSQL: a URL such as {@code jdbc:postgresql://db:5432/bridge} selects it (driver and Flyway support are
 * on the classpath); the user needs the right to create tables in its current schema (on PostgreSQL 15 and later,
 * make it the database's owner), and the same migrations build the same tables as on H2.
 *
 * <p>Not a Camel bean by itself: build one per application, hand {@link #dataSource()} to the stores, and close it
 * at shutdown.
 */
public class StateDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateDatabase.class);

    /** HikariCP pool name, visible in its log lines and metrics. */
    public static final String POOL_NAME = "bridge-state";
    /** Connections in the pool. */
    public static final int POOL_SIZE = 4;

    private static final Pattern URL_SECRET =
            Pattern.compile("(?i)((?:password|pwd|sslpassword|sslkey_password)=)([^;&]*)");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@;?]*:)([^@/]*)(@)");

    private final HikariDataSource dataSource;
    private final String displayUrl;

    /**
     * Opens the database and migrates its schema.
     *
     * @param jdbcUrl  e.g. {@code jdbc:h2:file:./data/bridge} or {@code jdbc:postgresql://db:5432/bridge}
     *                 (setting {@code bridge.state.jdbc-url})
     * @param user     the database user; may be null or empty when the URL carries it
     * @param password the password; may be null or empty. Never logged, and masked in error messages
     * @throws StateDatabaseException if the URL is empty, the database cannot be reached, no driver accepts the URL,
     *                                or a migration fails; its message starts with
     *                                {@code bridge.state.jdbc-url: cannot open <url without password>: <cause>}
     */
    public StateDatabase(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, POOL_SIZE);
    }

    /**
     * Opens the database with a pool of the given size (clustered mode adds connections for Quartz's threads) and
     * migrates its schema.
     *
     * @param jdbcUrl  as for {@link #StateDatabase(String, String, String)}
     * @param user     the database user; may be null or empty
     * @param password the password; may be null or empty; never logged
     * @param poolSize the pool's maximum number of connections, at least 1
     * @throws StateDatabaseException as for {@link #StateDatabase(String, String, String)}
     */
    public StateDatabase(String jdbcUrl, String user, String password, int poolSize) {
        this.displayUrl = jdbcUrl == null ? "" : redact(jdbcUrl, password);
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new StateDatabaseException("bridge.state.jdbc-url: cannot open " + displayUrl
                    + ": the URL is empty", null);
        }
        HikariDataSource ds = null;
        try {
            createH2Directory(jdbcUrl);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            if (user != null && !user.isEmpty()) {
                config.setUsername(user);
            }
            if (password != null && !password.isEmpty()) {
                config.setPassword(password);
            }
            config.setPoolName(POOL_NAME);
            config.setMaximumPoolSize(Math.max(1, poolSize));
            config.setMinimumIdle(1);
            ds = new HikariDataSource(config);
            MigrateResult result = Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    // V5: Quartz's tables for clustered mode, from the DDL scripts of the Quartz jar
                    .javaMigrations(new V5__Quartz_tables())
                    .load()
                    .migrate();
            LOG.info("State database {} ready: schema version {}, {} migration(s) applied now",
                    displayUrl, result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
        } catch (RuntimeException | IOException e) {
            if (ds != null) {
                ds.close();
            }
            // the cause is kept for its stack trace unless one of its messages shows the password
            throw new StateDatabaseException("bridge.state.jdbc-url: cannot open " + displayUrl + ": "
                    + describe(e, jdbcUrl, password), leaksSecret(e, jdbcUrl, password) ? null : e);
        }
        this.dataSource = ds;
    }

    /** @return the pooled data source the stores use; valid until {@link #close()} */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return the JDBC URL with any password masked, for logs and messages */
    public String displayUrl() {
        return displayUrl;
    }

    /** Closes the pool (for H2, which then closes the database file). Idempotent. */
    @Override
    public void close() {
        dataSource.close();
    }

    /**
     * Masks the password in a JDBC URL ({@code password=...}, {@code //user:secret@host}) and any occurrence of the
     * given password.
     */
    static String redact(String jdbcUrl, String password) {
        String url = URL_SECRET.matcher(jdbcUrl).replaceAll("$1***");
        url = URL_USERINFO.matcher(url).replaceAll("$1***$3");
        return mask(url, secrets(jdbcUrl, password));
    }

    /**
     * The secrets a message must not show: the password, and any password written in the URL (as a parameter or
     * as {@code user:secret@}), since drivers quote parts of the URL (PostgreSQL's driver reads
     * {@code //user:secret@host} as a host name and names it when the connection fails). Secrets shorter than 3
     * characters are not masked: they would mangle the text and hide nothing.
     */
    private static List<String> secrets(String jdbcUrl, String password) {
        List<String> secrets = new ArrayList<>();
        if (password != null) {
            secrets.add(password);
        }
        for (Pattern pattern : List.of(URL_SECRET, URL_USERINFO)) {
            Matcher m = pattern.matcher(jdbcUrl);
            while (m.find()) {
                secrets.add(m.group(2));
            }
        }
        secrets.removeIf(secret -> secret.length() < 3);
        // longest first, so a secret that contains another is masked whole
        secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return secrets;
    }

    private static String mask(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        for (String secret : secrets) {
            text = text.replace(secret, "***");
        }
        return text;
    }

    /** The most telling message of a failure chain: the top one, plus the root cause when it says more. */
    private static String describe(Throwable e, String jdbcUrl, String password) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        String text = top;
        if (root != e && root.getMessage() != null && !top.contains(root.getMessage())) {
            text = top + " (" + root.getMessage() + ")";
        }
        String redacted = text.replace(jdbcUrl, redact(jdbcUrl, password));
        redacted = URL_USERINFO.matcher(URL_SECRET.matcher(redacted).replaceAll("$1***")).replaceAll("$1***$3");
        return mask(redacted, secrets(jdbcUrl, password));
    }

    private static boolean leaksSecret(Throwable e, String jdbcUrl, String password) {
        List<String> secrets = secrets(jdbcUrl, password);
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && (!message.equals(mask(message, secrets))
                    || !message.equals(redact(message, password)))) {
                return true;
            }
        }
        return false;
    }

    /** For {@code jdbc:h2:file:<path>} and {@code jdbc:h2:<path>}, creates the parent directory of the file. */
    private static void createH2Directory(String jdbcUrl) throws IOException {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) {
            return;
        }
        String rest = jdbcUrl.substring("jdbc:h2:".length());
        String restLower = rest.toLowerCase(Locale.ROOT);
        if (restLower.startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (restLower.startsWith("mem:") || restLower.startsWith("tcp:") || restLower.startsWith("ssl:")
                || restLower.startsWith("zip:") || restLower.startsWith("split:") || restLower.startsWith("nio")
                || restLower.startsWith("async:") || restLower.startsWith("memfs:") || restLower.startsWith("memlzf:")) {
            return;
        }
        int options = rest.indexOf(';');
        String path = options >= 0 ? rest.substring(0, options) : rest;
        if (path.isEmpty()) {
            return;
        }
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new IOException("cannot create the directory " + parent + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null || e.getMessage().equals(parent.toString()) ? "" : ": " + e.getMessage())
                        + ")", e);
            }
        }
    }

    @Override
    public String toString() {
        return "StateDatabase[" + displayUrl + "]";
    }
}
