package io.playvoxbridge.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery log: every interaction Playvox has confirmed, keyed by (integration, {@code interaction_id}), with
 * Playvox's {@code _id}. It is how the bridge delivers each conversation exactly once: records already in the log
 * are skipped before the bulk POST (DESIGN.md "dedupe"), and a record is added only once Playvox's job confirms
 * it (api-facts 1.7, https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems).
 * Table {@code delivery_log}.
 *
 * <p>Behaves the same on H2 and PostgreSQL: a duplicate is recognised by its SQLState (class 23, e.g. 23505) and
 * a re-read of the key, not by a vendor's exception type. Keys must be non-empty and free of NUL characters
 * ({@link IllegalArgumentException} otherwise).
 */
public class DeliveryLog {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);

    /** Most ids in one SQL {@code IN (...)} list. */
    static final int IN_CHUNK = 500;

    private final DataSource dataSource;
    private final Clock clock;

    /** @param dataSource the state database ({@link StateDatabase#dataSource()}) */
    public DeliveryLog(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /**
     * @param dataSource the state database
     * @param clock      the source of {@code delivered_at}
     */
    public DeliveryLog(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param integration   the Playvox integration's name
     * @param interactionId the {@code interaction_id}
     * @return whether Playvox has already confirmed that interaction
     * @throws StateDatabaseException if the database cannot be read
     */
    public boolean contains(String integration, String interactionId) {
        Jdbc.require(integration, "integration");
        Jdbc.require(interactionId, "interactionId");
        try (Connection c = dataSource.getConnection()) {
            return exists(c, integration, interactionId);
        } catch (SQLException e) {
            throw failure("read", integration, interactionId, e);
        }
    }

    /**
     * The ones among some interaction ids that are already delivered: one query per 500 ids.
     *
     * @param integration    the Playvox integration's name
     * @param interactionIds candidate ids (duplicates and nulls are ignored; ids with a NUL character, which
     *                       {@link #record} refuses, are never delivered); may be empty
     * @return the delivered subset, never null
     * @throws StateDatabaseException if the database cannot be read
     */
    public Set<String> deliveredAmong(String integration, Collection<String> interactionIds) {
        Jdbc.require(integration, "integration");
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(interactionIds));
        ids.removeIf(id -> id == null || Jdbc.hasNul(id)); // record() refuses ids with NUL: never delivered
        if (ids.isEmpty()) {
            return Collections.emptySet();
        }
        Set<String> delivered = new HashSet<>();
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < ids.size(); from += IN_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
                String sql = "SELECT interaction_id FROM delivery_log WHERE integration = ? AND interaction_id IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, integration);
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            delivered.add(rs.getString(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot read the delivery log of " + integration + ": "
                    + e.getMessage(), e);
        }
        return delivered;
    }

    /**
     * Records a confirmed interaction. Idempotent: a second call for the same (integration, interactionId) changes
     * nothing (the first Playvox id is kept) and returns false; a duplicate never throws, even when two nodes
     * record the same interaction at once.
     *
     * @param feed          the feed that delivered it, 1-100 characters
     * @param integration   the Playvox integration's name, 1-100 characters
     * @param interactionId the {@code interaction_id}, 1-68 characters
     * @param playvoxId     Playvox's {@code _id} of the interaction, 1-100 characters
     * @return true if newly inserted, false if it was already there
     * @throws StateDatabaseException if the database cannot be written (other than a duplicate key)
     */
    public boolean record(String feed, String integration, String interactionId, String playvoxId) {
        Jdbc.require(feed, "feed");
        Jdbc.require(integration, "integration");
        Jdbc.require(interactionId, "interactionId");
        Jdbc.require(playvoxId, "playvoxId");
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO delivery_log "
                    + "(integration, interaction_id, playvox_id, feed, delivered_at, comments_posted) "
                    + "VALUES (?, ?, ?, ?, ?, FALSE)")) {
                ps.setString(1, integration);
                ps.setString(2, interactionId);
                ps.setString(3, playvoxId);
                ps.setString(4, feed);
                ps.setObject(5, Jdbc.timestamp(clock.instant()));
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (Jdbc.isConstraintViolation(e) && exists(c, integration, interactionId)) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure("record", integration, interactionId, e);
        }
    }

    /**
     * One confirmed interaction for {@link #recordAll}.
     *
     * @param feed           the feed that delivered it, 1-100 characters
     * @param interactionId  the {@code interaction_id}, 1-68 characters
     * @param playvoxId      Playvox's {@code _id}, 1-100 characters
     * @param commentsPosted true when nothing is left to post (the interaction has no comments)
     */
    public record Confirmed(String feed, String interactionId, String playvoxId, boolean commentsPosted) {
    }

    /**
     * Records the confirmed interactions of one bulk job in one transaction (one JDBC batch): the same outcome as
     * {@link #record} per interaction, in one database round trip instead of one per interaction. Idempotent: when
     * one of them is in the log already (another node, or the reconciler, recorded it first) the batch is rolled back
     * and each is recorded on its own with {@link #record}, which keeps the first Playvox id.
     *
     * @param integration the Playvox integration's name, 1-100 characters
     * @param confirmed   the interactions; may be empty
     * @throws IllegalArgumentException when a key is empty or holds a NUL character
     * @throws StateDatabaseException   if the database cannot be written (other than a duplicate key)
     */
    public void recordAll(String integration, List<Confirmed> confirmed) {
        Jdbc.require(integration, "integration");
        for (Confirmed c : confirmed) {
            Jdbc.require(c.feed(), "feed");
            Jdbc.require(c.interactionId(), "interactionId");
            Jdbc.require(c.playvoxId(), "playvoxId");
        }
        if (confirmed.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO delivery_log "
                    + "(integration, interaction_id, playvox_id, feed, delivered_at, comments_posted) "
                    + "VALUES (?, ?, ?, ?, ?, ?)")) {
                Object now = Jdbc.timestamp(clock.instant());
                for (Confirmed x : confirmed) {
                    ps.setString(1, integration);
                    ps.setString(2, x.interactionId());
                    ps.setString(3, x.playvoxId());
                    ps.setString(4, x.feed());
                    ps.setObject(5, now);
                    ps.setBoolean(6, x.commentsPosted());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                return;
            } catch (SQLException e) {
                c.rollback();
                if (!Jdbc.isConstraintViolation(e)) {
                    throw e;
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot record " + confirmed.size() + " deliveries of "
                    + integration + ": " + e.getMessage(), e);
        }
        // a duplicate among them: one at a time, each idempotent
        for (Confirmed x : confirmed) {
            record(x.feed(), integration, x.interactionId(), x.playvoxId());
            if (x.commentsPosted()) {
                markCommentsPosted(integration, x.interactionId());
            }
        }
    }

    /**
     * Notes that all comments of a delivered interaction are posted. Does nothing (and logs a warning) when the
     * interaction is not in the log.
     *
     * @param integration   the Playvox integration's name
     * @param interactionId the {@code interaction_id}
     * @throws StateDatabaseException if the database cannot be written
     */
    public void markCommentsPosted(String integration, String interactionId) {
        Jdbc.require(integration, "integration");
        Jdbc.require(interactionId, "interactionId");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE delivery_log SET comments_posted = TRUE "
                     + "WHERE integration = ? AND interaction_id = ?")) {
            ps.setString(1, integration);
            ps.setString(2, interactionId);
            if (ps.executeUpdate() == 0) {
                LOG.warn("Comments posted for {} {}, which is not in the delivery log", integration, interactionId);
            }
        } catch (SQLException e) {
            throw failure("update", integration, interactionId, e);
        }
    }

    /**
     * @param integration   the Playvox integration's name
     * @param interactionId the {@code interaction_id}
     * @return the log entry, or empty when the interaction has not been delivered
     * @throws StateDatabaseException if the database cannot be read
     */
    public Optional<DeliveryEntry> find(String integration, String interactionId) {
        Jdbc.require(integration, "integration");
        Jdbc.require(interactionId, "interactionId");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT feed, integration, interaction_id, playvox_id, "
                     + "delivered_at, comments_posted FROM delivery_log WHERE integration = ? AND interaction_id = ?")) {
            ps.setString(1, integration);
            ps.setString(2, interactionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DeliveryEntry(rs.getString("feed"), rs.getString("integration"),
                        rs.getString("interaction_id"), rs.getString("playvox_id"),
                        Jdbc.instant(rs, "delivered_at"), rs.getBoolean("comments_posted")));
            }
        } catch (SQLException e) {
            throw failure("read", integration, interactionId, e);
        }
    }

    /**
     * @param integration the Playvox integration's name
     * @return how many interactions of that integration Playvox has confirmed
     * @throws StateDatabaseException if the database cannot be read
     */
    public long count(String integration) {
        Jdbc.require(integration, "integration");
        try (Connection c = dataSource.getConnection()) {
            return Jdbc.count(c, "SELECT COUNT(*) FROM delivery_log WHERE integration = ?", integration);
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot count the delivery log of " + integration + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String integration, String interactionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM delivery_log WHERE integration = ? AND interaction_id = ?")) {
            ps.setString(1, integration);
            ps.setString(2, interactionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static StateDatabaseException failure(String verb, String integration, String interactionId,
                                                  SQLException e) {
        return new StateDatabaseException("state: cannot " + verb + " delivery " + integration + "/" + interactionId
                + ": " + e.getMessage(), e);
    }
}
