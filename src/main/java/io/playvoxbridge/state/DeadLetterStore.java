package io.playvoxbridge.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
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
 * PostgreSQL alike. Its feed filters clean the feed the same way, so they find what was stored.
 *
 * <p>Operators list, show, replay and discard dead letters with the {@code dead-letters} commands
 * ({@code io.playvoxbridge.cli}); {@link DeadLetterFilter} selects them by feed, reason text and time.
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
        return listMatching(DeadLetterFilter.ofFeed(feedOrNull), limit);
    }

    /**
     * Lists the dead letters a filter matches, newest first (by {@code failed_at}, then id).
     *
     * @param filter which ones ({@link DeadLetterFilter#ALL} for every one)
     * @param limit  at most this many, at least 1
     * @return the dead letters, possibly empty
     * @throws IllegalArgumentException if limit is below 1
     * @throws StateDatabaseException   if the database cannot be read
     */
    public List<DeadLetter> listMatching(DeadLetterFilter filter, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        Where where = Where.of(filter);
        String sql = "SELECT " + COLUMNS + " FROM dead_letter" + where.sql + " ORDER BY failed_at DESC, id DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = where.prepare(c, sql)) {
            ps.setMaxRows(limit);
            List<DeadLetter> letters = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && letters.size() < limit) {
                    letters.add(read(rs));
                }
            }
            return letters;
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot list dead letters" + describe(filter) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The ids of the dead letters a filter matches, oldest first (ascending id, the order they were stored in);
     * ids only, so a large selection can be worked through one dead letter at a time with {@link #find}.
     *
     * @param filter which ones ({@link DeadLetterFilter#ALL} for every one)
     * @return their ids, possibly empty
     * @throws StateDatabaseException if the database cannot be read
     */
    public List<Long> idsMatching(DeadLetterFilter filter) {
        Where where = Where.of(filter);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = where.prepare(c, "SELECT id FROM dead_letter" + where.sql + " ORDER BY id")) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot list the ids of dead letters" + describe(filter) + ": "
                    + e.getMessage(), e);
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
        return countMatching(DeadLetterFilter.ofFeed(feedOrNull));
    }

    /**
     * @param filter which ones ({@link DeadLetterFilter#ALL} for every one)
     * @return how many stored dead letters the filter matches
     * @throws StateDatabaseException if the database cannot be read
     */
    public long countMatching(DeadLetterFilter filter) {
        Where where = Where.of(filter);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = where.prepare(c, "SELECT COUNT(*) FROM dead_letter" + where.sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot count dead letters" + describe(filter) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Deletes one dead letter (discarded by an operator, or replayed).
     *
     * @param id a dead letter's id
     * @return true if it was there and is deleted, false if there was none with this id
     * @throws StateDatabaseException if the database cannot be written
     */
    public boolean delete(long id) {
        return deleteIds(List.of(id)) == 1;
    }

    /**
     * Deletes dead letters by id, in one transaction: all of them or, on an error, none.
     *
     * @param ids the dead letters' ids; unknown ids are skipped; may be empty
     * @return how many were deleted
     * @throws StateDatabaseException if the database cannot be written
     */
    public int deleteIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dead_letter WHERE id = ?")) {
                int deleted = 0;
                for (long id : ids) {
                    ps.setLong(1, id);
                    deleted += ps.executeUpdate();
                }
                c.commit();
                return deleted;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot delete dead letter(s) " + describeIds(ids) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Deletes every dead letter a filter matches: a feed's with {@link DeadLetterFilter#ofFeed}, all with
     * {@link DeadLetterFilter#ALL}.
     *
     * @param filter which ones
     * @return how many were deleted
     * @throws StateDatabaseException if the database cannot be written
     */
    public int deleteMatching(DeadLetterFilter filter) {
        Where where = Where.of(filter);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = where.prepare(c, "DELETE FROM dead_letter" + where.sql)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot delete dead letters" + describe(filter) + ": "
                    + e.getMessage(), e);
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
     * The interactions of a feed that {@link #holdsInteraction} would answer true for, in one query.
     *
     * @param feed the feed
     * @return the {@code interaction_id}s with a dead letter of the interaction itself (not of a comment); a new set
     * @throws StateDatabaseException if the database cannot be read
     */
    public java.util.Set<String> interactionsHeld(String feed) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT interaction_id FROM dead_letter WHERE feed = ? "
                     + "AND interaction_id IS NOT NULL AND reason NOT LIKE ?")) {
            ps.setString(1, Jdbc.withoutNul(feed));
            ps.setString(2, COMMENT_REASON_PREFIX + "%");
            java.util.Set<String> out = java.util.concurrent.ConcurrentHashMap.newKeySet();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot look up dead letters of " + feed + ": " + e.getMessage(), e);
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

    private static String describe(DeadLetterFilter filter) {
        List<String> parts = new ArrayList<>();
        if (filter.feed() != null) {
            parts.add("feed " + filter.feed());
        }
        if (filter.reasonContains() != null) {
            parts.add("reason containing '" + filter.reasonContains() + "'");
        }
        if (filter.since() != null) {
            parts.add("since " + filter.since());
        }
        if (filter.until() != null) {
            parts.add("until " + filter.until());
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static String describeIds(Collection<Long> ids) {
        String all = ids.toString();
        return all.length() > 200 ? all.substring(0, 200) + "...]" : all;
    }

    /** A WHERE clause made from a filter, with its parameters in order. */
    private record Where(String sql, List<Object> params) {

        static Where of(DeadLetterFilter filter) {
            List<String> conditions = new ArrayList<>();
            List<Object> params = new ArrayList<>();
            if (filter.feed() != null) {
                conditions.add("feed = ?");
                params.add(Jdbc.withoutNul(filter.feed()));
            }
            if (filter.reasonContains() != null) {
                conditions.add("LOWER(reason) LIKE ? ESCAPE '\\'");
                params.add("%" + likeEscape(Jdbc.withoutNul(filter.reasonContains()).toLowerCase(Locale.ROOT)) + "%");
            }
            if (filter.since() != null) {
                conditions.add("failed_at >= ?");
                params.add(Jdbc.timestamp(filter.since()));
            }
            if (filter.until() != null) {
                conditions.add("failed_at < ?");
                params.add(Jdbc.timestamp(filter.until()));
            }
            return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), params);
        }

        PreparedStatement prepare(Connection c, String sql) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql);
            try {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                return ps;
            } catch (SQLException e) {
                ps.close();
                throw e;
            }
        }

        /** Makes {@code %}, {@code _} and the escape character itself plain characters of a LIKE pattern. */
        private static String likeEscape(String text) {
            return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }
}
