package io.playvoxbridge.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema version 5: Quartz's JDBC JobStore tables ({@code QRTZ_*}), which clustered mode
 * ({@code bridge.cluster.enabled=true}) keeps its triggers, fired triggers, locks and node check-ins in.
 *
 * <p>The DDL is the script the Quartz jar ships for the database at hand, read at migration time rather than copied:
 * {@code org/quartz/impl/jdbcjobstore/tables_postgres.sql} on PostgreSQL, {@code tables_h2.sql} on H2 (created there
 * too, so both engines keep the same schema version; clustered mode itself needs PostgreSQL). The script's
 * {@code DROP TABLE} and {@code COMMIT} statements are left out (the tables are new; Flyway owns the transaction).
 * Flyway finds this class by name: version 5, description "Quartz tables".
 */
public class V5__Quartz_tables extends BaseJavaMigration {

    /** Where the Quartz jar keeps its DDL scripts. */
    static final String SCRIPTS = "org/quartz/impl/jdbcjobstore/";

    /**
     * Creates the tables and indexes.
     *
     * @param context Flyway's migration context (its connection is in the migration's transaction)
     * @throws IllegalStateException when the database is neither PostgreSQL nor H2, or the script is not in the jar
     * @throws SQLException          when a statement fails
     */
    @Override
    public void migrate(Context context) throws SQLException, IOException {
        Connection connection = context.getConnection();
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String script = product.contains("postgres") ? "tables_postgres.sql"
                : product.contains("h2") ? "tables_h2.sql" : null;
        if (script == null) {
            throw new IllegalStateException("no Quartz table script for " + product + " (PostgreSQL or H2)");
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(read(SCRIPTS + script))) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Splits a Quartz DDL script into its statements: {@code --} comments dropped, split on {@code ;}, and the
     * {@code DROP ...} and {@code COMMIT} statements left out.
     *
     * @param script the script's text
     * @return the statements to run, in order, without their {@code ;}
     */
    static List<String> statements(String script) {
        StringBuilder text = new StringBuilder();
        for (String line : script.split("\\R")) {
            int comment = line.indexOf("--");
            text.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String part : text.toString().split(";")) {
            String sql = part.strip();
            String upper = sql.toUpperCase(Locale.ROOT);
            if (sql.isEmpty() || upper.startsWith("DROP ") || upper.equals("COMMIT")) {
                continue;
            }
            out.add(sql);
        }
        return out;
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = org.quartz.Scheduler.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the Quartz jar has no " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
