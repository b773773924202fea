package io.playvoxbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.BridgeConfiguration;
import io.playvoxbridge.state.DeadLetterFilter;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.StateDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line's parsing and the list, show and discard output, against a real H2 state database in a temp dir. */
class DeadLettersCommandTest {

    static final Instant T0 = Instant.parse("2026-11-21T14:30:00.123456Z");
    static final String PAYLOAD = "{\"case_id\":\"1001\",\"agent_name\":\"Agente Temporal 07\",\"body\":\"¡Hola! 😀\"}";

    @TempDir
    Path dir;

    Map<String, String> settings = new HashMap<>();
    CommandRun last;

    @BeforeEach
    void pointAtTheTempDir() {
        settings.put("bridge.state.jdbc-url", "jdbc:h2:file:" + dir.resolve("bridge").toAbsolutePath());
    }

    /** Runs the command line; {@link #last} keeps what it printed. @return its exit code */
    int run(String... args) {
        last = CommandRun.of(settings, args);
        return last.exitCode();
    }

    <T> T withStore(Instant now, Function<DeadLetterStore, T> work) {
        try (StateDatabase db = new StateDatabase(BridgeConfiguration.durableH2(settings.get("bridge.state.jdbc-url")),
                "sa", "")) {
            return work.apply(new DeadLetterStore(db.dataSource(), Clock.fixed(now, ZoneOffset.UTC)));
        }
    }

    long add(Instant at, String feed, String interactionId, String reason) {
        return withStore(at, store -> store.add(feed, "wolkvox-chat-record", interactionId, reason, PAYLOAD));
    }

    List<Long> storedIds() {
        return withStore(T0, store -> store.idsMatching(DeadLetterFilter.ALL));
    }

    @Test
    void lists_dead_letters_newest_first_one_line_each_with_the_reason_on_one_line_then_a_count() {
        long first = add(T0, "wolkvox-chat", "wolkvox-chat4-1001", "unmapped agent Agente Temporal 07");
        long second = add(T0.plusSeconds(61), "wolkvox-chat", "wolkvox-chat4-20260001",
                "Playvox rejected the interaction:\n  assignee_id unknown");
        long third = add(T0.plusSeconds(3600), null, null, "missing case_id");

        assertThat(run("dead-letters", "list")).isZero();

        assertThat(last.outLines()).containsExactly(
                "ID  FAILED AT             FEED          INTERACTION ID          ROUTE                REASON",
                third + "   2026-11-21T15:30:00Z  -             -                       wolkvox-chat-record  missing case_id",
                second + "   2026-11-21T14:31:01Z  wolkvox-chat  wolkvox-chat4-20260001  wolkvox-chat-record  "
                        + "Playvox rejected the interaction: assignee_id unknown",
                first + "   2026-11-21T14:30:00Z  wolkvox-chat  wolkvox-chat4-1001      wolkvox-chat-record  "
                        + "unmapped agent Agente Temporal 07",
                "3 dead letter(s)");
        assertThat(last.err()).isEmpty();
    }

    @Test
    void filters_the_list_by_feed_reason_text_and_time_range() {
        long a = add(T0, "wolkvox-chat", "a", "unmapped agent Ana");
        long b = add(T0.plusSeconds(60), "wolkvox-chat", "b", "Playvox rejected the interaction");
        long c = add(T0.plusSeconds(120), "five9-call-log", "c", "Unmapped agent Luis");

        assertThat(run("dead-letters", "list", "--feed", "wolkvox-chat")).isZero();
        assertThat(listedIds()).containsExactly(b, a);
        assertThat(run("dead-letters", "list", "--reason", "UNMAPPED")).isZero();
        assertThat(listedIds()).containsExactly(c, a);
        assertThat(run("dead-letters", "list", "--since", "2026-11-21T14:31:00Z", "--until", "2026-11-21T14:32:00Z"))
                .isZero();
        assertThat(listedIds()).containsExactly(b);
        assertThat(last.outLines()).last().isEqualTo("1 dead letter(s)");
    }

    List<Long> listedIds() {
        return last.outLines().stream().skip(1).filter(l -> !l.contains("dead letter(s)"))
                .map(l -> Long.parseLong(l.substring(0, l.indexOf(' ')))).toList();
    }

    @Test
    void says_how_many_more_there_are_beyond_the_limit_and_when_there_are_none() {
        assertThat(run("dead-letters", "list")).isZero();
        assertThat(last.outLines()).containsExactly("0 dead letter(s)");

        add(T0, "wolkvox-chat", "a", "x");
        long newest = add(T0.plusSeconds(1), "wolkvox-chat", "b", "x");
        add(T0, "wolkvox-chat", "c", "x");
        assertThat(run("dead-letters", "list", "--limit", "1")).isZero();
        assertThat(listedIds()).containsExactly(newest);
        assertThat(last.outLines()).last().isEqualTo("1 of 3 dead letter(s) shown, newest first (--limit shows more)");
    }

    @Test
    void shows_every_field_of_one_dead_letter_with_its_whole_reason_and_payload() {
        long id = add(T0, "wolkvox-chat", "wolkvox-chat4-1001", "first line\nsecond line");

        assertThat(run("dead-letters", "show", Long.toString(id))).isZero();

        assertThat(last.outLines()).containsExactly(
                "id:             " + id,
                "failed_at:      2026-11-21T14:30:00.123456Z",
                "feed:           wolkvox-chat",
                "interaction_id: wolkvox-chat4-1001",
                "route:          wolkvox-chat-record",
                "reason:         first line",
                "second line",
                "payload:",
                PAYLOAD);
    }

    @Test
    void show_of_an_unknown_id_says_so_and_exits_1() {
        assertThat(run("dead-letters", "show", "42")).isEqualTo(1);
        assertThat(last.err().strip()).isEqualTo("no dead letter with id 42");
        assertThat(last.out()).isEmpty();
    }

    @Test
    void discards_one_by_id_then_a_feeds_then_all() {
        long one = add(T0, "wolkvox-chat", "a", "x");
        long two = add(T0, "wolkvox-chat", "b", "x");
        add(T0, "wolkvox-chat", "c", "x");
        long other = add(T0, "five9-call-log", "d", "x");
        add(T0, null, "e", "x");

        assertThat(run("dead-letters", "discard", Long.toString(one))).isZero();
        assertThat(last.out().strip()).isEqualTo("discarded dead letter " + one);
        assertThat(storedIds()).doesNotContain(one).contains(two);

        assertThat(run("dead-letters", "discard", "--feed", "wolkvox-chat")).isZero();
        assertThat(last.out().strip()).isEqualTo("discarded 2 dead letter(s) of feed wolkvox-chat");
        assertThat(storedIds()).hasSize(2).contains(other);

        assertThat(run("dead-letters", "discard", "--all")).isZero();
        assertThat(last.out().strip()).isEqualTo("discarded 2 dead letter(s)");
        assertThat(storedIds()).isEmpty();
    }

    @Test
    void discard_of_an_unknown_id_says_so_and_exits_1() {
        long kept = add(T0, "wolkvox-chat", "a", "x");

        assertThat(run("dead-letters", "discard", Long.toString(kept + 1))).isEqualTo(1);
        assertThat(last.err().strip()).isEqualTo("no dead letter with id " + (kept + 1));
        assertThat(storedIds()).containsExactly(kept);
    }

    @Test
    void discarding_or_replaying_more_than_one_takes_an_explicit_flag() {
        long kept = add(T0, "wolkvox-chat", "a", "x");

        for (String command : List.of("discard", "replay")) {
            assertThat(run("dead-letters", command)).isEqualTo(2);
            assertThat(last.err()).contains("Missing dead letters to act on: give an ID, --feed FEED or --all")
                    .contains("Usage: playvox-bridge dead-letters " + command);
            assertThat(run("dead-letters", command, Long.toString(kept), "--all")).isEqualTo(2);
            assertThat(last.err()).contains("Give only one of ID, --feed FEED and --all");
            assertThat(run("dead-letters", command, "--feed", "wolkvox-chat", "--all")).isEqualTo(2);
        }
        assertThat(storedIds()).containsExactly(kept);
    }

    @Test
    void replay_with_nothing_to_replay_says_so_without_starting_the_bridge() {
        assertThat(run("dead-letters", "replay", "--feed", "wolkvox-chat")).isZero();
        assertThat(last.out().strip()).isEqualTo("no dead letter(s) of feed wolkvox-chat to replay");

        assertThat(run("dead-letters", "replay", "7")).isEqualTo(1);
        assertThat(last.err().strip()).isEqualTo("no dead letter with id 7");
    }

    @Test
    void a_bad_option_or_value_is_a_usage_error_with_exit_code_2() {
        assertThat(run("dead-letters", "list", "--bogus")).isEqualTo(2);
        assertThat(last.err()).contains("Unknown option: '--bogus'").contains("Usage: playvox-bridge dead-letters list");

        assertThat(run("dead-letters", "list", "--since", "yesterday")).isEqualTo(2);
        assertThat(last.err()).contains("--since").contains("yesterday");

        assertThat(run("dead-letters", "list", "--limit", "0")).isEqualTo(2);
        assertThat(last.err()).contains("--limit must be at least 1, not 0");

        assertThat(run("dead-letters", "show", "twelve")).isEqualTo(2);
        assertThat(last.err()).contains("twelve");

        assertThat(run("dead-letters")).isEqualTo(2);
        assertThat(last.err()).contains("Missing required subcommand");
    }

    @Test
    void a_misspelt_command_is_a_usage_error_with_a_suggestion_not_a_start() {
        assertThat(run("dead-leters", "list")).isEqualTo(2);
        assertThat(last.err()).contains("Unmatched argument").contains("dead-letters");
    }

    @Test
    void help_lists_the_commands() {
        assertThat(run("--help")).isZero();
        assertThat(last.out()).contains("Usage: playvox-bridge").contains("run").contains("dead-letters");

        assertThat(run("dead-letters", "--help")).isZero();
        assertThat(last.out()).contains("list").contains("show").contains("replay").contains("discard");

        assertThat(run("dead-letters", "list", "--help")).isZero();
        assertThat(last.out()).contains("--feed=FEED").contains("--reason=TEXT").contains("--since=INSTANT")
                .contains("--until=INSTANT").contains("--limit=N");
    }

    @Test
    void a_state_database_it_cannot_open_is_one_line_without_the_password() {
        settings.put("bridge.state.jdbc-url", "jdbc:postgresql://127.0.0.1:1/bridge");
        settings.put("bridge.state.user", "bridge");
        settings.put("bridge.state.password", "s3cret-pw");

        assertThat(run("dead-letters", "list")).isEqualTo(1);

        assertThat(last.err()).startsWith("playvox-bridge: bridge.state.jdbc-url: cannot open "
                + "jdbc:postgresql://127.0.0.1:1/bridge").doesNotContain("s3cret-pw").doesNotContain("\tat ");
        assertThat(last.err().lines()).hasSize(1);
    }

    @Test
    @Timeout(60)
    void an_h2_file_held_by_a_running_process_is_one_clear_line_and_exit_code_1() throws Exception {
        add(T0, "wolkvox-chat", "a", "x");
        // another JVM holds the file open, as a running bridge does: H2's own shell, connected until its input ends
        String url = BridgeConfiguration.durableH2(settings.get("bridge.state.jdbc-url"));
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.h2.tools.Shell", "-url", url, "-user", "sa",
                "-password", "").redirectErrorStream(true).start();
        try {
            awaitPrompt(holder);

            assertThat(run("dead-letters", "list")).isEqualTo(1);

            assertThat(last.err().strip()).isEqualTo("playvox-bridge: the state database is in use by a running "
                    + "bridge (an H2 file opens in one process at a time): stop the bridge first, or use PostgreSQL "
                    + "(bridge.state.jdbc-url)");
            assertThat(last.out()).isEmpty();
        } finally {
            holder.getOutputStream().close();
            holder.destroy();
            holder.waitFor();
        }
    }

    /** Reads the shell's output until its {@code sql>} prompt: it is connected. */
    private static void awaitPrompt(Process shell) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            seen.append((char) c);
            if (seen.indexOf("sql>") >= 0) {
                return;
            }
        }
        throw new IllegalStateException("the H2 shell ended before connecting: " + seen);
    }
}
