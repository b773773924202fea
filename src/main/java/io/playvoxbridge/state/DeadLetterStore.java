package io.playvoxbridge.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Dead letters: records that could not be delivered, with the reason, the route and the payload, so an operator
 * can list and replay them (DESIGN.md "Errors"). Table {@code dead_letter}.
 *
 * <p>Storing a dead letter is the last line of defence, so {@link #add} adapts its input rather than refuse it:
 * the reason is cut to 4000 characters, feed to 100 and route id and interaction id to 200, and a NUL character
 * (U+0000, which PostgreSQL's text types cannot hold) in any of its texts or the payload becomes U+FFFD, on H2 and
 * PostgreSQL alike. Its {@code feedOrNull} filters clean the feed the same way, so they find what was stored.
 */
public class DeadLetterStore {

    /** Longest reason kept, in characters. */
    public static final int MAX_REASON_LENGTH = 4000;
    /** Reason stored when none is given. */
    public static final String UNKNOWN_REASON = "unknown reason";

    private static final String COLUMNS = "id, feed, route_id, interaction_id, reason, payload, failed_at";

    private final DataSource dataSource;
    private final Clock clock;

    /** @param dataSource the state database ({@link StateDatabase#dataSource()}) */
    public DeadLetterStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /**
     * @param dataSource the state database
     * @param clock      the source of {@code failed_at}
     */
    public DeadLetterStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores a dead letter.
     *
     * @param feed          the feed; may be null
     * @param routeId       the route that gave up; may be null
     * @param interactionId the interaction's id; may be null
     * @param reason        why; null or blank becomes {@code unknown reason}, longer than 4000 characters is cut
     * @param payload       what to replay; may be null; any length (a NUL character becomes U+FFFD)
     * @return the new dead letter's id
     * @throws StateDatabaseException if the database cannot be written
     */
    public long add(String feed, String routeId, String interactionId, String reason, String payload) {
        String why = reason == null || reason.isBlank() ? UNKNOWN_REASON : Jdbc.truncate(reason, MAX_REASON_LENGTH);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letter "
                     + "(feed, route_id, interaction_id, reason, payload, failed_at) VALUES (?, ?, ?, ?, ?, ?)",
                     new String[] {"id"})) {
            ps.setString(1, Jdbc.withoutNul(Jdbc.truncate(feed, 100)));
            ps.setString(2, Jdbc.withoutNul(Jdbc.truncate(routeId, 200)));
            ps.setString(3, Jdbc.withoutNul(Jdbc.truncate(interactionId, 200)));
            ps.setString(4, Jdbc.withoutNul(why));
            ps.setString(5, Jdbc.withoutNul(payload));
            ps.setObject(6, Jdbc.timestamp(clock.instant()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated id returned");
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot store a dead letter of " + feed + "/" + interactionId
                    + " (" + Jdbc.truncate(why, 200) + "): " + e.getMessage(), e);
        }
    }

    /**
     * Stores the dead letter of an interaction, keeping one per interaction: when the feed already holds a dead
     * letter of this interaction itself (not of a comment), that one is updated (route, reason, payload, and
     * {@code failed_at}, which then tells when it last failed) and keeps its id. A record fetched again (the
     * lookback of the next window, a window fetched again after a crash) that fails again so leaves no second dead
     * letter. Without an interaction id it is {@link #add}.
     *
     * @param feed          the feed; may be null
     * @param routeId       the route that gave up; may be null
     * @param interactionId the interaction's id; may be null
     * @param reason        why; as in {@link #add}
     * @param payload       what to replay; as in {@link #add}
     * @return the dead letter's id: the existing one's, or a new one
     * @throws StateDatabaseException if the database cannot be read or written
     */
    public long addOrUpdate(String feed, String routeId, String interactionId, String reason, String payload) {
        if (interactionId == null || feed == null) {
            return add(feed, routeId, interactionId, reason, payload);
        }
        String why = reason == null || reason.isBlank() ? UNKNOWN_REASON : Jdbc.truncate(reason, MAX_REASON_LENGTH);
        try (Connection c = dataSource.getConnection();
             PreparedStatement find = c.prepareStatement("SELECT id FROM dead_letter WHERE feed = ? AND interaction_id = ?"
                     + " AND reason NOT LIKE ? ORDER BY id")) {
            find.setString(1, Jdbc.withoutNul(Jdbc.truncate(feed, 100)));
            find.setString(2, Jdbc.withoutNul(Jdbc.truncate(interactionId, 200)));
            find.setString(3, COMMENT_REASON_PREFIX + "%");
            Long existing = null;
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    existing = rs.getLong(1);
                }
            }
            if (existing == null) {
                return add(feed, routeId, interactionId, reason, payload);
            }
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE dead_letter SET route_id = ?, reason = ?, payload = ?, failed_at = ? WHERE id = ?")) {
                update.setString(1, Jdbc.withoutNul(Jdbc.truncate(routeId, 200)));
                update.setString(2, Jdbc.withoutNul(why));
                update.setString(3, Jdbc.withoutNul(payload));
                update.setObject(4, Jdbc.timestamp(clock.instant()));
                update.setLong(5, existing);
                update.executeUpdate();
            }
            return existing;
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot store a dead letter of " + feed + "/" + interactionId
                    + " (" + Jdbc.truncate(why, 200) + "): " + e.getMessage(), e);
        }
    }

    /**
     * Lists dead letters, newest first (by {@code failed_at}, then id).
     *
     * @param feedOrNull only this feed's, or all when null
     * @param limit      at most this many, at least 1
     * @return the dead letters, possibly empty
     * @throws IllegalArgumentException if limit is below 1
     * @throws StateDatabaseException   if the database cannot be read
     */
    public List<DeadLetter> list(String feedOrNull, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        String sql = "SELECT " + COLUMNS + " FROM dead_letter"
                + (feedOrNull == null ? "" : " WHERE feed = ?") + " ORDER BY failed_at DESC, id DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (feedOrNull != null) {
                ps.setString(1, Jdbc.withoutNul(feedOrNull));
            }
            ps.setMaxRows(limit);
            List<DeadLetter> letters = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && letters.size() < limit) {
                    letters.add(read(rs));
                }
            }
            return letters;
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot list dead letters"
                    + (feedOrNull == null ? "" : " of " + feedOrNull) + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param id a dead letter's id
     * @return that dead letter, or empty if there is none with this id
     * @throws StateDatabaseException if the database cannot be read
     */
    public Optional<DeadLetter> find(long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot read dead letter " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param feedOrNull only this feed's, or all when null
     * @return how many dead letters are stored
     * @throws StateDatabaseException if the database cannot be read
     */
    public long count(String feedOrNull) {
        try (Connection c = dataSource.getConnection()) {
            return feedOrNull == null
                    ? Jdbc.count(c, "SELECT COUNT(*) FROM dead_letter")
                    : Jdbc.count(c, "SELECT COUNT(*) FROM dead_letter WHERE feed = ?", Jdbc.withoutNul(feedOrNull));
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot count dead letters: " + e.getMessage(), e);
        }
    }

    /** Reasons of dead letters that are about a comment, not about the interaction itself, start with this. */
    public static final String COMMENT_REASON_PREFIX = "comment not posted";

    /**
     * @param feed          the feed
     * @param interactionId the interaction's id
     * @return true when a dead letter of that interaction itself (not one of its comments) is stored
     * @throws StateDatabaseException if the database cannot be read
     */
    public boolean holdsInteraction(String feed, String interactionId) {
        try (Connection c = dataSource.getConnection()) {
            return Jdbc.count(c, "SELECT COUNT(*) FROM dead_letter WHERE feed = ? AND interaction_id = ? AND reason NOT LIKE ?",
                    Jdbc.withoutNul(feed), Jdbc.withoutNul(interactionId), COMMENT_REASON_PREFIX + "%") > 0;
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot look up dead letters of " + feed + "/" + interactionId + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Deletes the dead letters of an interaction that Playvox turned out to hold after all (a job that ended after
     * its timeout): those of the interaction itself, not those of its comments.
     *
     * @param feed          the feed
     * @param interactionId the interaction's id
     * @return how many were deleted
     * @throws StateDatabaseException if the database cannot be written
     */
    public int deleteInteraction(String feed, String interactionId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "DELETE FROM dead_letter WHERE feed = ? AND interaction_id = ? AND reason NOT LIKE ?")) {
            ps.setString(1, Jdbc.withoutNul(feed));
            ps.setString(2, Jdbc.withoutNul(interactionId));
            ps.setString(3, COMMENT_REASON_PREFIX + "%");
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot delete dead letters of " + feed + "/" + interactionId + ": "
                    + e.getMessage(), e);
        }
    }

    private static DeadLetter read(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("feed"), rs.getString("route_id"),
                rs.getString("interaction_id"), rs.getString("reason"), rs.getString("payload"),
                Jdbc.instant(rs, "failed_at"));
    }
}
