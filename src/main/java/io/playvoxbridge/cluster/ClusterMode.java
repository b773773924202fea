package io.playvoxbridge.cluster;

import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.state.StateDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clustered mode ({@code bridge.cluster.enabled=true}): N bridge processes share one PostgreSQL state database, and
 * Quartz runs on a clustered JDBC JobStore ({@code JobStoreTX}, {@code isClustered},
 * {@code acquireTriggersWithinLock}) in the tables of that database ({@code QRTZ_*}, schema version 5), so each
 * feed's trigger fires on one node at a time and a dead node's triggers move to the others after a missed check-in.
 * Off (the default), Quartz keeps today's in-memory {@code RAMJobStore}.
 *
 * <p>What camel-quartz 4.18 does on a clustered store (read in its source, {@code QuartzEndpoint}): a route that
 * stops does not unschedule or pause the shared trigger ({@code deleteJob}/{@code pauseJob} are skipped when
 * {@code isJobStoreClustered()}); a route that starts where the trigger already exists reschedules it only when its
 * cron changed; the feeds' {@code stateful=true} jobs ({@code @DisallowConcurrentExecution}) are blocked in the
 * shared store while one node runs them, so a feed is polled by one node at a time. {@code bridge.poll-on-start}'s
 * {@code Scheduler.triggerJob} stores a one-shot trigger in the same tables, so it is subject to the same rule.
 * Because a test under heavy load once saw one feed polled twice at once regardless, each poll also holds a
 * PostgreSQL advisory lock ({@link FeedPollLock}); and Wolkvox's one-request-per-token rule is kept across nodes
 * by {@link ClusterTokenLock}.
 *
 * <p>Why the in-flight batch reconciliation stays correct: {@code InFlightBatches} knows only the batches its own
 * process owns, and each poll first reconciles the feed's stored batches that the process does not own. A feed's
 * poll, which waits for its window's records to settle (up to the settle timeout, longer than the job timeout), runs
 * on one node at a time, so when another node's poll of that feed starts, the batches it finds were left by a poll
 * that has ended: a dead node's, or one given up on. They are orphans on every node alike.
 *
 * <p>A command that never starts the scheduler ({@code backfill}, {@code dead-letters replay}, {@code setup}: they
 * set {@code camel.component.quartz.auto-start-scheduler=false}) and {@code run --dry-run} keep the in-memory store,
 * so they neither change nor take the nodes' shared triggers.
 */
public final class ClusterMode {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMode.class);

    /** The Quartz scheduler name, the same on every node (the rows of one cluster carry it as {@code SCHED_NAME}). */
    public static final String SCHEDULER_NAME = "playvox-bridge";
    /** The name the state database's pool is registered under with Quartz's {@link DBConnectionManager}. */
    public static final String DATA_SOURCE_NAME = "bridgeState";
    /** Quartz worker threads (Quartz's own default); more than the 7 feeds, so every trigger can run at once. */
    public static final int QUARTZ_THREADS = 10;
    /**
     * Connections clustered mode adds to the state database's pool: one per Quartz worker and 3 for the scheduler,
     * its cluster check-in and its misfire handler (Quartz's advice: threads + 3), one per worker for the
     * {@link FeedPollLock} a running poll holds, and 1 for {@link ClusterTokenLock}.
     */
    public static final int EXTRA_CONNECTIONS = QUARTZ_THREADS + 3 + QUARTZ_THREADS + 1;

    private final boolean enabled;
    private final int checkinInterval;
    private final int idleWait;
    private final String nodeId;
    private final boolean localForThisProcess;

    private ClusterMode(boolean enabled, int checkinInterval, int idleWait, String nodeId, boolean localForThisProcess) {
        this.enabled = enabled;
        this.idleWait = idleWait;
        this.localForThisProcess = localForThisProcess;
        this.checkinInterval = checkinInterval;
        this.nodeId = nodeId;
    }

    /**
     * Reads and checks the cluster settings.
     *
     * @param s the settings: {@code bridge.cluster.enabled}, {@code bridge.cluster.checkin-interval} (milliseconds,
     *          1000..600000, default 7500), {@code bridge.cluster.idle-wait} (milliseconds, 500..600000, default
     *          30000), {@code bridge.cluster.node-id} (default {@code AUTO}), and, to check them,
     *          {@code bridge.state.jdbc-url}, {@code bridge.sandbox.enabled}, {@code bridge.dry-run},
     *          {@code camel.component.quartz.auto-start-scheduler}
     * @return the mode; {@link #enabled()} is false when the setting is off, or for a process that starts no
     *         scheduler or is a dry run
     * @throws BridgeConfigurationException naming the key: cluster on with a state database that is not PostgreSQL,
     *                                      with the sandbox on, or a check-in interval or idle wait out of range
     */
    public static ClusterMode from(BridgeSettings s) {
        if (!s.bool("bridge.cluster.enabled", false)) {
            return new ClusterMode(false, 0, 0, null, false);
        }
        if (!s.bool("camel.component.quartz.auto-start-scheduler", true) || s.bool("bridge.dry-run", false)) {
            return new ClusterMode(false, 0, 0, null, true);
        }
        int interval = s.integer("bridge.cluster.checkin-interval", 7500, 1000, 600_000);
        String url = s.optional("bridge.state.jdbc-url").orElse("");
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            throw new BridgeConfigurationException("bridge.state.jdbc-url: clustered mode (bridge.cluster.enabled=true) "
                    + "needs a PostgreSQL state database shared by every node (jdbc:postgresql://host:5432/db), not "
                    + url.replaceAll("(?i)(password=)[^;&]*", "$1***").replaceAll("(//[^/:@]*:)[^@/]*@", "$1***@"));
        }
        if (s.bool("bridge.sandbox.enabled", false)) {
            throw new BridgeConfigurationException("bridge.sandbox.enabled: clustered mode (bridge.cluster.enabled=true) "
                    + "cannot run with the sandbox on: every node would start its own fakes on the same ports. Run the "
                    + "fakes once (`java -jar playvox-bridge.jar sandbox`) and point the nodes at the URLs it prints with "
                    + "BRIDGE_SANDBOX_ENABLED=false, or turn clustered mode off");
        }
        int idle = s.integer("bridge.cluster.idle-wait", 30_000, 500, 600_000);
        String node = s.optional("bridge.cluster.node-id").orElse("AUTO");
        return new ClusterMode(true, interval, idle, node, false);
    }

    /** @return true when this process runs Quartz clustered */
    public boolean enabled() {
        return enabled;
    }

    /** @return the check-in interval in milliseconds (0 when off) */
    public int checkinInterval() {
        return checkinInterval;
    }

    /**
     * @param base the pool size without clustering ({@link StateDatabase#POOL_SIZE})
     * @return the state database's pool size: {@code base}, plus {@link #EXTRA_CONNECTIONS} when clustered
     */
    public int poolSize(int base) {
        return enabled ? base + EXTRA_CONNECTIONS : base;
    }

    /**
     * The Quartz properties of the clustered JDBC JobStore.
     *
     * @return the properties; empty when off
     */
    public Properties quartzProperties() {
        Properties p = new Properties();
        if (!enabled) {
            return p;
        }
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", nodeId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.idleWaitTime", String.valueOf(idleWait));
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(QUARTZ_THREADS));
        p.setProperty("org.quartz.threadPool.threadsInheritContextClassLoaderOfInitializingThread", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE_NAME);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinInterval));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        return p;
    }

    /**
     * When clustered: registers the state database's pool with Quartz and hands camel-quartz the properties of the
     * clustered JobStore (the scheduler name as given, not prefixed with the Camel context's name). Call before the
     * routes start. When off: does nothing.
     *
     * @param camel    the Camel context
     * @param database the opened state database
     */
    public void configureQuartz(CamelContext camel, StateDatabase database) {
        if (localForThisProcess) {
            LOG.info("Cluster mode is on, but this process starts no polls of its own (a command or a dry run): its "
                    + "Quartz scheduler stays in memory and leaves the nodes' shared triggers alone");
        }
        if (!enabled) {
            return;
        }
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE_NAME, new PoolProvider(database.dataSource()));
        QuartzComponent quartz = camel.getComponent("quartz", QuartzComponent.class);
        quartz.setPrefixInstanceName(false);
        quartz.setProperties(quartzProperties());
        FeedPollLock pollLock = new FeedPollLock(database.dataSource());
        quartz.addScheduleInitTask(scheduler -> scheduler.getListenerManager().addTriggerListener(pollLock));
        LOG.info("Cluster mode on: Quartz runs clustered in the state database {} (scheduler {}, node id {}, check-in "
                + "every {} ms)", database.displayUrl(), SCHEDULER_NAME, nodeId, checkinInterval);
    }

    /**
     * @param database the opened state database
     * @return the cross-node lock of vendor tokens: on the state database when clustered, doing nothing otherwise
     */
    public ClusterTokenLock tokenLock(StateDatabase database) {
        return new ClusterTokenLock(enabled ? database.dataSource() : null);
    }

    /** Quartz's view of the state database's pool; the bridge closes the pool itself after Camel stopped. */
    private record PoolProvider(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool belongs to StateDatabase, closed after Camel stopped
        }

        @Override
        public void initialize() {
            // the pool is open already
        }
    }
}
