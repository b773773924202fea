package io.playvoxbridge.observe;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the state database (watermarks, delivery log, dead letters), id {@code state-database}: UP when a
 * {@code SELECT 1} through the state DataSource answers within {@value #TIMEOUT_SECONDS} s, DOWN with the error
 * otherwise (a database that does not answer at all takes the pool's connection timeout, HikariCP's 30 s).
 * Detail {@code url}: the JDBC URL without credentials.
 */
public final class StateDatabaseHealthCheck extends AbstractHealthCheck {

    /** Query timeout of the check (seconds). */
    static final int TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;
    private final String displayUrl;

    /**
     * @param dataSource the state DataSource (pooled)
     * @param displayUrl the JDBC URL to show, without credentials
     */
    public StateDatabaseHealthCheck(DataSource dataSource, String displayUrl) {
        super("bridge", "state-database");
        this.dataSource = dataSource;
        this.displayUrl = displayUrl;
    }

    /** @return false: an unreachable database makes the application unready; it may come back without a restart */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("url", displayUrl);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(TIMEOUT_SECONDS);
            st.execute("SELECT 1");
            builder.up();
        } catch (SQLException | RuntimeException e) {
            builder.message("state database not reachable: " + e.getMessage());
            builder.down();
        }
    }
}
