package io.playvoxbridge.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The watermark of each feed: the end of its last committed window. The next window starts there, minus the
 * feed's lookback (DESIGN.md, "The flow of one feed"). Table {@code watermark}.
 *
 * <p>Instants are stored in UTC at microsecond precision (finer digits are dropped), as {@code TIMESTAMP WITH TIME
 * ZONE}, so they read back equal on H2 and PostgreSQL whatever the time zone of the JVM or the database session.
 * A feed id must be non-empty and free of NUL characters ({@link IllegalArgumentException} otherwise).
 */
public class WatermarkStore {

    private final DataSource dataSource;
    private final Clock clock;

    /** @param dataSource the state database ({@link StateDatabase#dataSource()}) */
    public WatermarkStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /**
     * @param dataSource the state database
     * @param clock      the source of {@code updated_at}
     */
    public WatermarkStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param feed the feed id, e.g. {@code wolkvox-chat}
     * @return the feed's watermark, or empty when the feed has never committed a window
     * @throws StateDatabaseException if the database cannot be read
     */
    public Optional<Instant> get(String feed) {
        Jdbc.require(feed, "feed");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT watermark FROM watermark WHERE feed = ?")) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Jdbc.instant(rs, "watermark")) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot read the watermark of " + feed + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets the feed's watermark, inserting or replacing it (no vendor-specific upsert: update, else insert, and on
     * a concurrent insert update again). It may move backwards: a backfill or an operator may rewind it.
     *
     * @param feed      the feed id, 1-100 characters
     * @param watermark the new watermark
     * @throws StateDatabaseException if the database cannot be written
     */
    public void put(String feed, Instant watermark) {
        Jdbc.require(feed, "feed");
        Objects.requireNonNull(watermark, "watermark");
        try (Connection c = dataSource.getConnection()) {
            if (update(c, feed, watermark) == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO watermark (feed, watermark, updated_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, feed);
                    ps.setObject(2, Jdbc.timestamp(watermark));
                    ps.setObject(3, Jdbc.timestamp(clock.instant()));
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (!Jdbc.isConstraintViolation(e) || update(c, feed, watermark) == 0) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot write the watermark of " + feed + ": " + e.getMessage(), e);
        }
    }

    private int update(Connection c, String feed, Instant watermark) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE watermark SET watermark = ?, updated_at = ? WHERE feed = ?")) {
            ps.setObject(1, Jdbc.timestamp(watermark));
            ps.setObject(2, Jdbc.timestamp(clock.instant()));
            ps.setString(3, feed);
            return ps.executeUpdate();
        }
    }
}
