package io.playvoxbridge.cluster;

import io.playvoxbridge.state.StateDatabaseException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * Keeps a vendor token to one request at a time across the nodes of a cluster, where a rule of the vendor says so:
 * Wolkvox answers 403 "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN" to a request that overlaps another of
 * the same token (api-facts 3, https://www.wolkvox.com/en/apis-v2-2/). Within one process the {@code wolkvox-request}
 * SEDA queue already serialises them; with several nodes, two Wolkvox feeds may poll on two nodes at once, so in
 * clustered mode each request also holds a PostgreSQL advisory lock ({@code pg_advisory_lock}) named after the
 * token's use. The lock is held on a connection of the state database's pool from {@link #lock} to {@link #unlock}
 * (both on the exchange), and PostgreSQL drops it with the session if the node dies.
 *
 * <p>Outside clustered mode both methods do nothing.
 */
public final class ClusterTokenLock {

    private static final String HELD = "bridgeClusterTokenLock";

    private final DataSource dataSource;

    /** @param dataSource the state database's pool when clustered; null when not clustered (no locking) */
    public ClusterTokenLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Waits until no other node holds the named lock, then holds it for this exchange.
     *
     * @param exchange the request's exchange (the held connection is kept in one of its properties)
     * @param name     what is locked, e.g. {@code wolkvox-token}
     * @throws StateDatabaseException when the state database cannot be asked (the request is not sent)
     */
    public void lock(Exchange exchange, String name) {
        if (dataSource == null || exchange.getProperty(HELD) != null) {
            return;
        }
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, key(name));
                lock.execute();
            }
            exchange.setProperty(HELD, new Held(connection, key(name)));
        } catch (SQLException e) {
            close(connection);
            throw new StateDatabaseException("cluster lock " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Releases the lock this exchange holds, if any. Never throws: a release that fails closes the connection, and
     * the pool then discards it (its session's locks go with it).
     *
     * @param exchange the request's exchange
     */
    public void unlock(Exchange exchange) {
        Held held = exchange.getProperty(HELD, Held.class);
        if (held == null) {
            return;
        }
        exchange.removeProperty(HELD);
        try (PreparedStatement unlock = held.connection().prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, held.key());
            unlock.execute();
        } catch (SQLException e) {
            abort(held.connection());
        } finally {
            close(held.connection());
        }
    }

    /** @return a stable 64-bit key for a lock name */
    static long key(String name) {
        CRC32 crc = new CRC32();
        crc.update(("playvox-bridge:" + name).getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // closed below either way
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }

    private record Held(Connection connection, long key) {
    }
}
