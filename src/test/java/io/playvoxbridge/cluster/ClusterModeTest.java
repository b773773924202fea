package io.playvoxbridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.BridgeSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Clustered mode's settings: off by default, checked when on, and the Quartz properties of a clustered JobStore. */
class ClusterModeTest {

    static final String PG = "jdbc:postgresql://db:5432/bridge";

    static BridgeSettings settings(Map<String, String> values) {
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties p = new Properties();
        p.putAll(values);
        camel.getPropertiesComponent().setOverrideProperties(p);
        return new BridgeSettings(camel.getPropertiesComponent());
    }

    static Map<String, String> on(String... more) {
        Map<String, String> values = new HashMap<>(Map.of("bridge.cluster.enabled", "true",
                "bridge.state.jdbc-url", PG, "bridge.sandbox.enabled", "false"));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return values;
    }

    @Test
    void is_off_by_default_and_leaves_the_pool_and_quartz_as_they_are() {
        ClusterMode mode = ClusterMode.from(settings(Map.of()));

        assertThat(mode.enabled()).isFalse();
        assertThat(mode.poolSize(4)).isEqualTo(4);
        assertThat(mode.quartzProperties()).isEmpty();
    }

    @Test
    void on_postgresql_runs_quartz_clustered_on_a_jdbc_jobstore_in_the_state_database() {
        ClusterMode mode = ClusterMode.from(settings(on("bridge.cluster.checkin-interval", "2000",
                "bridge.cluster.idle-wait", "1000")));

        Properties p = mode.quartzProperties();
        assertThat(mode.enabled()).isTrue();
        assertThat(p).containsEntry("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX")
                .containsEntry("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate")
                .containsEntry("org.quartz.jobStore.isClustered", "true")
                .containsEntry("org.quartz.jobStore.acquireTriggersWithinLock", "true")
                .containsEntry("org.quartz.jobStore.clusterCheckinInterval", "2000")
                .containsEntry("org.quartz.scheduler.idleWaitTime", "1000")
                .containsEntry("org.quartz.jobStore.dataSource", ClusterMode.DATA_SOURCE_NAME)
                .containsEntry("org.quartz.scheduler.instanceName", "playvox-bridge")
                .containsEntry("org.quartz.scheduler.instanceId", "AUTO");
        assertThat(mode.poolSize(4)).isEqualTo(4 + 2 * ClusterMode.QUARTZ_THREADS + 3 + 1);
    }

    @Test
    void takes_a_node_id_when_one_is_set() {
        assertThat(ClusterMode.from(settings(on("bridge.cluster.node-id", "node-1"))).quartzProperties())
                .containsEntry("org.quartz.scheduler.instanceId", "node-1");
    }

    @Test
    void refuses_an_h2_state_database_naming_its_key() {
        assertThatThrownBy(() -> ClusterMode.from(settings(on("bridge.state.jdbc-url", "jdbc:h2:file:./data/bridge"))))
                .isInstanceOf(BridgeConfigurationException.class)
                .hasMessageStartingWith("bridge.state.jdbc-url: clustered mode")
                .hasMessageContaining("needs a PostgreSQL state database shared by every node")
                .hasMessageContaining("jdbc:h2:file:./data/bridge");
    }

    @Test
    void does_not_show_a_password_of_the_url_it_refuses() {
        assertThatThrownBy(() -> ClusterMode.from(settings(on("bridge.state.jdbc-url",
                "jdbc:mysql://u:pw-4711@db/bridge?password=pw-4711"))))
                .isInstanceOf(BridgeConfigurationException.class)
                .message().doesNotContain("pw-4711");
    }

    @Test
    void refuses_the_sandbox_naming_its_key_and_saying_what_to_do() {
        assertThatThrownBy(() -> ClusterMode.from(settings(on("bridge.sandbox.enabled", "true"))))
                .isInstanceOf(BridgeConfigurationException.class)
                .hasMessageStartingWith("bridge.sandbox.enabled: clustered mode")
                .hasMessageContaining("same ports")
                .hasMessageContaining("sandbox`");
    }

    @Test
    void refuses_a_check_in_interval_out_of_range_naming_its_key() {
        assertThatThrownBy(() -> ClusterMode.from(settings(on("bridge.cluster.checkin-interval", "500"))))
                .isInstanceOf(BridgeConfigurationException.class)
                .hasMessageStartingWith("bridge.cluster.checkin-interval: 500 is outside");
        assertThatThrownBy(() -> ClusterMode.from(settings(on("bridge.cluster.checkin-interval", "often"))))
                .hasMessageStartingWith("bridge.cluster.checkin-interval: 'often' is not a whole number");
    }

    @Test
    void refuses_an_idle_wait_out_of_range_naming_its_key() {
        assertThatThrownBy(() -> ClusterMode.from(settings(on("bridge.cluster.idle-wait", "10"))))
                .isInstanceOf(BridgeConfigurationException.class)
                .hasMessageStartingWith("bridge.cluster.idle-wait: 10 is outside");
    }

    @Test
    void stays_in_memory_for_a_command_that_starts_no_scheduler_and_for_a_dry_run() {
        assertThat(ClusterMode.from(settings(on("camel.component.quartz.auto-start-scheduler", "false"))).enabled())
                .isFalse();
        assertThat(ClusterMode.from(settings(on("bridge.dry-run", "true"))).enabled()).isFalse();
    }
}
