package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.cli.CommandRun;
import io.playvoxbridge.sandbox.GladlyFake;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} against fakes the test owns: one line per vendor, and the exit code of the worst. */
class CheckCommandIT {

    static final String UID = "check-uid";
    static final String KEY = "check-key";
    static final String TOKEN = "check-wolkvox-token";
    static final String GLADLY_USER = "check@example.com";
    static final String GLADLY_TOKEN = "check-gladly-token";

    @TempDir
    Path stateDir;

    TestFakes fakes;
    GladlyFake gladly;

    @BeforeEach
    void startFakes() {
        fakes = TestFakes.start(WolkvoxFake.Options.defaults(TOKEN).withHistoryRecords(5).withRecordsPerMinute(0),
                PlayvoxFake.Options.defaults(UID, KEY));
        gladly = new GladlyFake(GladlyFake.Options.defaults(GLADLY_USER, GLADLY_TOKEN).withHistory(3, Duration.ofHours(1))
                .withConversationsPerMinute(0));
        gladly.start(0);
    }

    @AfterEach
    void stopFakes() {
        fakes.close();
        gladly.close();
    }

    /** Playvox, Wolkvox (chat_4 only) and Gladly at their fakes; 8x8 and Five9 unset. */
    Map<String, String> settings() {
        Map<String, String> s = fakes.settings(stateDir, Duration.ofHours(1));
        s.put("gladly.base-url", gladly.baseUrl());
        s.put("gladly.username", GLADLY_USER);
        s.put("gladly.api-token", GLADLY_TOKEN);
        return s;
    }

    @Test
    void all_vendors_ok_exits_0_with_one_line_per_vendor() {
        CommandRun run = CommandRun.of(settings(), "check");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.outLines()).anyMatch(l -> l.startsWith("configuration OK: feeds wolkvox-chat, gladly-conversations"));
        assertThat(line(run, "playvox")).matches("playvox +OK +API key accepted \\(GET \\.\\.\\./integrations.*, 200\\)");
        assertThat(line(run, "wolkvox")).matches("wolkvox +OK +token accepted \\(GET \\.\\.\\./reports_manager\\.php\\?api=chat_4 "
                + "for the last minute, (200|404)\\)");
        assertThat(line(run, "eightbyeight")).matches("eightbyeight +- +not configured");
        assertThat(line(run, "five9")).matches("five9 +- +not configured");
        assertThat(line(run, "gladly")).matches("gladly +OK +API token accepted \\(GET \\.\\.\\./agents, 200\\)");
        assertThat(line(run, "state")).matches("state +OK +reachable and migrated \\(bridge.state.jdbc-url\\)");
        assertThat(run.out() + run.err()).doesNotContain(KEY, TOKEN, GLADLY_TOKEN);
    }

    @Test
    void an_unreachable_state_database_fails_state_and_exits_1() throws IOException {
        Map<String, String> s = settings();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        s.put("bridge.state.jdbc-url", "jdbc:postgresql://127.0.0.1:" + closed + "/bridge?connectTimeout=2");
        s.put("bridge.state.password", "state-secret-pw");

        CommandRun run = CommandRun.of(s, "check");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(line(run, "state")).startsWith("state").contains("FAILED", "cannot be opened (bridge.state.jdbc-url)");
        assertThat(line(run, "playvox")).contains("OK");
        assertThat(run.out() + run.err()).doesNotContain("state-secret-pw");
    }

    @Test
    void a_wrong_playvox_key_fails_playvox_and_exits_1() {
        Map<String, String> s = settings();
        s.put("playvox.api-key", "not-the-key");

        CommandRun run = CommandRun.of(s, "check");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(line(run, "playvox")).matches("playvox +FAILED +401 from \\.\\.\\./integrations.*: credentials refused.*");
        assertThat(line(run, "wolkvox")).contains("OK");
        assertThat(line(run, "gladly")).contains("OK");
        assertThat(run.out() + run.err()).doesNotContain("not-the-key");
    }

    @Test
    void a_wrong_gladly_token_fails_gladly_and_exits_1() {
        Map<String, String> s = settings();
        s.put("gladly.api-token", "not-the-token");

        CommandRun run = CommandRun.of(s, "check");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(line(run, "gladly")).matches("gladly +FAILED +401 from \\.\\.\\./agents: credentials refused.*");
        assertThat(line(run, "playvox")).contains("OK");
        assertThat(run.out() + run.err()).doesNotContain("not-the-token");
    }

    @Test
    void an_unreachable_vendor_fails_with_the_reason() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> s = settings();
        s.put("gladly.base-url", "http://127.0.0.1:" + closedPort);

        CommandRun run = CommandRun.of(s, "check", "--timeout", "3");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(line(run, "gladly")).matches("gladly +FAILED +cannot reach 127\\.0\\.0\\.1:" + closedPort
                + ": connection refused");
    }

    @Test
    void a_bad_setting_exits_2_naming_the_key() {
        Map<String, String> s = settings();
        s.put("wolkvox.chat.cron", "every five minutes");

        CommandRun run = CommandRun.of(s, "check");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("wolkvox.chat.cron: 'every five minutes' is not a Quartz cron expression");
        assertThat(run.out()).doesNotContain("playvox ");
    }

    @Test
    void a_half_configured_vendor_is_a_bad_setting() {
        Map<String, String> s = settings();
        s.put("five9.base-url", "http://127.0.0.1:1");

        CommandRun run = CommandRun.of(s, "check");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("five9.username: is required because five9.base-url is set");
    }

    private static String line(CommandRun run, String vendor) {
        return run.outLines().stream().filter(l -> l.startsWith(vendor + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + vendor + " in:\n" + run.out() + run.err()));
    }
}
