package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad setting or integration file stops the start with a message naming the key or field. */
class BridgeStartupIT {

    @TempDir
    Path dir;

    String startFailure(Map<String, String> overrides) {
        Main main = Application.createMain();
        main.addOverrideProperty("bridge.state.jdbc-url", "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath());
        main.addOverrideProperty("bridge.sandbox.wolkvox-port", "0");
        main.addOverrideProperty("bridge.sandbox.playvox-port", "0");
        main.addOverrideProperty("bridge.sandbox.eightbyeight-port", "0");
        main.addOverrideProperty("bridge.sandbox.five9-port", "0");
        main.addOverrideProperty("bridge.sandbox.gladly-port", "0");
        main.addOverrideProperty("bridge.poll-on-start", "false");
        main.addOverrideProperty("camel.management.port", "0");
        overrides.forEach(main::addOverrideProperty);
        // a start that does not fail would run until stopped: fail the test instead of hanging the build
        Throwable error = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(90),
                () -> catchThrowable(main::run), "the start did not fail within 90 s");
        BridgeConfigurationException bad = BridgeConfigurationException.find(error);
        assertThat(bad).as("start failure %s", error).isNotNull();
        return bad.getMessage();
    }

    @Test
    void an_unknown_time_zone_names_its_key() {
        assertThat(startFailure(Map.of("wolkvox.time-zone", "Mars/Base"))).startsWith("wolkvox.time-zone: 'Mars/Base'");
    }

    @Test
    void a_batch_size_over_100_names_its_key() {
        assertThat(startFailure(Map.of("playvox.bulk.batch-size", "250"))).startsWith("playvox.bulk.batch-size: 250");
    }

    @Test
    void an_invalid_cron_names_its_key() {
        assertThat(startFailure(Map.of("wolkvox.chat.cron", "every five minutes"))).startsWith("wolkvox.chat.cron:");
    }

    @Test
    void a_missing_wolkvox_token_names_its_key_when_the_base_url_is_set_and_the_sandbox_is_off() {
        assertThat(startFailure(Map.of("bridge.sandbox.enabled", "false", "playvox.api-uid", "u", "playvox.api-key", "k",
                "wolkvox.base-url", "https://wv0001.wolkvox.com/api/v2", "wolkvox.token", "")))
                .startsWith("wolkvox.token: is required because wolkvox.base-url is set");
    }

    @Test
    void with_the_sandbox_off_and_no_vendor_configured_the_start_says_what_to_set() {
        assertThat(startFailure(Map.of("bridge.sandbox.enabled", "false", "playvox.api-uid", "u", "playvox.api-key", "k")))
                .startsWith("bridge.sandbox.enabled: the sandbox is off and no feed can run")
                .contains("WOLKVOX_BASE_URL");
    }

    @Test
    void a_console_port_that_is_not_a_number_names_its_key() {
        assertThat(startFailure(Map.of("bridge.console.port", "eighty"))).startsWith("bridge.console.port: 'eighty' is not a whole number");
    }

    @Test
    void turning_the_console_login_off_names_its_key() {
        assertThat(startFailure(Map.of("hawtio.authenticationEnabled", "false")))
                .startsWith("hawtio.authenticationEnabled: the console always requires a login");
    }

    @Test
    void a_broken_console_users_file_names_its_key_and_line() throws Exception {
        Path users = java.nio.file.Files.writeString(dir.resolve("users"), "alice = plain-password\n");
        assertThat(startFailure(Map.of("bridge.console.users-file", users.toString())))
                .startsWith("bridge.console.users-file: " + users + " line 1:").doesNotContain("plain-password");
    }

    @Test
    void an_unreachable_state_database_names_its_key() {
        assertThat(startFailure(Map.of("bridge.state.jdbc-url", "jdbc:postgresql://127.0.0.1:1/bridge")))
                .startsWith("bridge.state.jdbc-url: cannot open");
    }

    @Test
    void clustered_mode_on_an_h2_state_database_names_its_key() {
        assertThat(startFailure(Map.of("bridge.cluster.enabled", "true", "bridge.sandbox.enabled", "false")))
                .startsWith("bridge.state.jdbc-url: clustered mode")
                .contains("needs a PostgreSQL state database shared by every node");
    }

    @Test
    void clustered_mode_with_the_sandbox_on_names_its_key_and_says_to_run_the_sandbox_once() {
        assertThat(startFailure(Map.of("bridge.cluster.enabled", "true",
                "bridge.state.jdbc-url", "jdbc:postgresql://127.0.0.1:1/bridge")))
                .startsWith("bridge.sandbox.enabled: clustered mode").contains("sandbox`");
    }

    @Test
    void a_cluster_check_in_interval_out_of_range_names_its_key() {
        assertThat(startFailure(Map.of("bridge.cluster.enabled", "true", "bridge.sandbox.enabled", "false",
                "bridge.state.jdbc-url", "jdbc:postgresql://127.0.0.1:1/bridge", "bridge.cluster.checkin-interval", "10")))
                .startsWith("bridge.cluster.checkin-interval: 10 is outside");
    }

    @Test
    void an_unreadable_agents_file_names_its_key() {
        assertThat(startFailure(Map.of("bridge.sandbox.enabled", "false", "playvox.api-uid", "u", "playvox.api-key", "k",
                "wolkvox.base-url", "https://wv0001.wolkvox.com/api/v2", "wolkvox.token", "t", "bridge.agents-file", dir.resolve("no-such-agents.csv").toString())))
                .startsWith("bridge.agents-file:");
    }

    @Test
    void an_integration_file_with_a_bad_field_id_names_the_file_and_field_before_calling_playvox() {
        String message = startFailure(Map.of("wolkvox.chat.integration-file",
                "classpath:fixtures/playvox/integrations/field-id-capitals.yaml"));
        assertThat(message).contains("field-id-capitals.yaml").contains("field_id");
    }
}
