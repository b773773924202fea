package io.playvoxbridge.cluster;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In clustered mode, a second guard (besides Quartz's own) that a feed is never polled by two executions at once:
 * a Quartz {@link TriggerListener} that, before a {@code stateful} job ({@code @DisallowConcurrentExecution}, the
 * feeds' polls) runs, takes a PostgreSQL advisory lock named after the job ({@code pg_try_advisory_lock}) on a
 * connection of the state database's pool, and releases it when the execution completes. A fire that finds the
 * lock taken (an execution of the same feed runs on this or another node) is vetoed and logged: the running poll
 * covers it, as the next poll starts from the watermark it leaves.
 *
 * <p>Why: Quartz keeps a non-concurrent job's other triggers blocked while it runs, but a node taken for dead
 * while it still runs (a missed check-in under load, a long GC pause) is "recovered" by another node, which
 * releases those triggers; the lock, held by the running execution's database session, still holds then, and goes
 * with the session if the node really dies.
 */
public final class FeedPollLock implements TriggerListener {

    private static final Logger LOG = LoggerFactory.getLogger(FeedPollLock.class);

    private final DataSource dataSource;
    private final Map<String, Connection> held = new ConcurrentHashMap<>();

    /** @param dataSource the state database's pool (PostgreSQL) */
    public FeedPollLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return the listener's name in Quartz */
    @Override
    public String getName() {
        return "playvox-bridge-feed-poll-lock";
    }

    /** Does nothing. */
    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
        // the lock is taken in vetoJobExecution
    }

    /**
     * Takes the job's lock for this execution.
     *
     * @return true (skip this execution) when the lock is held elsewhere, or the database cannot be asked
     */
    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        if (!context.getJobDetail().isConcurrentExecutionDisallowed()) {
            return false;
        }
        JobKey job = context.getJobDetail().getKey();
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            boolean locked;
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, key(job));
                try (ResultSet rs = lock.executeQuery()) {
                    locked = rs.next() && rs.getBoolean(1);
                }
            }
            if (locked) {
                held.put(context.getFireInstanceId(), connection);
                return false;
            }
            LOG.info("Poll {} skipped: a poll of the same feed is running (on this or another node)", job);
        } catch (SQLException e) {
            LOG.warn("Poll {} skipped: the state database cannot be asked for the feed's lock ({})", job, e.getMessage());
        }
        close(connection);
        return true;
    }

    /** Does nothing. */
    @Override
    public void triggerMisfired(Trigger trigger) {
        // nothing held
    }

    /** Releases the lock the execution took. */
    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context,
                                Trigger.CompletedExecutionInstruction instruction) {
        Connection connection = held.remove(context.getFireInstanceId());
        if (connection == null) {
            return;
        }
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, key(context.getJobDetail().getKey()));
            unlock.execute();
        } catch (SQLException e) {
            try {
                connection.abort(Runnable::run); // the pool drops it, and the session's locks with it
            } catch (SQLException | RuntimeException ignored) {
                // closed below
            }
        } finally {
            close(connection);
        }
    }

    /** @return a stable 64-bit key per job, apart from {@link ClusterTokenLock}'s keys */
    static long key(JobKey job) {
        CRC32 crc = new CRC32();
        crc.update(("playvox-bridge:poll:" + job.getGroup() + "." + job.getName()).getBytes(StandardCharsets.UTF_8));
        return crc.getValue() | (1L << 40);
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
}
