package io.playvoxbridge.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Cache of the Playvox integration set-up: the {@code _id} Playvox returned when the integration named in an
 * {@code integrations/<name>.yaml} file was created ({@code POST /integrations}, api-facts 1.3,
 * https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems). Table
 * {@code playvox_integration}.
 *
 * <p>Names and ids must be non-empty and free of NUL characters ({@link IllegalArgumentException} otherwise).
 */
public class IntegrationIdStore {

    private final DataSource dataSource;
    private final Clock clock;

    /** @param dataSource the state database ({@link StateDatabase#dataSource()}) */
    public IntegrationIdStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /**
     * @param dataSource the state database
     * @param clock      the source of {@code updated_at}
     */
    public IntegrationIdStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param name the integration's name, e.g. {@code wolkvox-chat}
     * @return Playvox's {@code _id} of that integration, or empty when it has not been set up from here
     * @throws StateDatabaseException if the database cannot be read
     */
    public Optional<String> get(String name) {
        Jdbc.require(name, "name");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT playvox_id FROM playvox_integration WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot read the Playvox id of integration " + name + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Records (inserts or replaces) the Playvox {@code _id} of an integration.
     *
     * @param name      the integration's name, 1-100 characters
     * @param playvoxId Playvox's {@code _id}, 1-100 characters
     * @throws StateDatabaseException if the database cannot be written
     */
    public void put(String name, String playvoxId) {
        Jdbc.require(name, "name");
        Jdbc.require(playvoxId, "playvoxId");
        try (Connection c = dataSource.getConnection()) {
            if (update(c, name, playvoxId) == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO playvox_integration (name, playvox_id, updated_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, playvoxId);
                    ps.setObject(3, Jdbc.timestamp(clock.instant()));
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (!Jdbc.isConstraintViolation(e) || update(c, name, playvoxId) == 0) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot write the Playvox id of integration " + name + ": "
                    + e.getMessage(), e);
        }
    }

    private int update(Connection c, String name, String playvoxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE playvox_integration SET playvox_id = ?, updated_at = ? WHERE name = ?")) {
            ps.setString(1, playvoxId);
            ps.setObject(2, Jdbc.timestamp(clock.instant()));
            ps.setString(3, name);
            return ps.executeUpdate();
        }
    }
}
