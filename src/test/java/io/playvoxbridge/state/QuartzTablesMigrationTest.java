package io.playvoxbridge.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/** Schema version 5: Quartz's own DDL scripts build tables a clustered JDBC JobStore works on (H2 and PostgreSQL). */
class QuartzTablesMigrationTest {

    static final String[] QRTZ_TABLES = {"QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS",
        "QRTZ_CRON_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_BLOB_TRIGGERS", "QRTZ_CALENDARS",
        "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_FIRED_TRIGGERS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS"};

    @Test
    void reads_the_statements_of_the_script_the_quartz_jar_ships_without_its_drops_and_commit() throws Exception {
        String script;
        try (var in = Scheduler.class.getClassLoader().getResourceAsStream(V5__Quartz_tables.SCRIPTS + "tables_postgres.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statements = V5__Quartz_tables.statements(script);

        assertThat(statements).filteredOn(s -> s.startsWith("CREATE TABLE")).hasSize(QRTZ_TABLES.length);
        assertThat(statements).allMatch(s -> s.startsWith("CREATE TABLE") || s.startsWith("CREATE INDEX"));
    }

    @OnEachDatabase
    void creates_the_tables_a_clustered_jdbc_jobstore_stores_its_triggers_in(StateDatabases.Fresh database)
            throws Exception {
        try (StateDatabase db = database.open()) {
            for (String table : QRTZ_TABLES) {
                assertThat(StateDatabaseTest.countRows(db, table)).as(table).isZero();
            }
            String name = "quartz-tables-" + database.backend();
            DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
                @Override
                public java.sql.Connection getConnection() throws SQLException {
                    return db.dataSource().getConnection();
                }

                @Override
                public void shutdown() {
                }

                @Override
                public void initialize() {
                }
            });
            Properties p = new Properties();
            p.setProperty("org.quartz.scheduler.instanceName", name);
            p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
            p.setProperty("org.quartz.threadPool.threadCount", "1");
            p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            p.setProperty("org.quartz.jobStore.driverDelegateClass", database.backend() == StateDatabases.Backend.POSTGRESQL
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
            p.setProperty("org.quartz.jobStore.dataSource", name);
            p.setProperty("org.quartz.jobStore.isClustered", "true");
            p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
            Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
            try {
                scheduler.start();
                scheduler.scheduleJob(JobBuilder.newJob(NoJob.class).withIdentity("poll", "test").build(),
                        TriggerBuilder.newTrigger().withIdentity("poll", "test").startAt(new java.util.Date(
                                System.currentTimeMillis() + 3_600_000)).withSchedule(
                                SimpleScheduleBuilder.repeatHourlyForever()).build());

                assertThat(StateDatabaseTest.countRows(db, "QRTZ_TRIGGERS")).isEqualTo(1);
                assertThat(StateDatabaseTest.countRows(db, "QRTZ_SIMPLE_TRIGGERS")).isEqualTo(1);
                assertThat(StateDatabaseTest.countRows(db, "QRTZ_SCHEDULER_STATE")).isEqualTo(1);
            } finally {
                scheduler.shutdown(true);
            }
        }
    }

    /** A job that does nothing (the test's trigger never fires while it runs). */
    public static final class NoJob implements org.quartz.Job {
        @Override
        public void execute(org.quartz.JobExecutionContext context) {
        }
    }
}
