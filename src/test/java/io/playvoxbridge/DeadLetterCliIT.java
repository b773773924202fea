package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.playvoxbridge.cli.CommandRun;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.state.DeadLetter;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.StateDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: dead letters made by the real app, their cause fixed, replayed with the command line into the fake Playvox. */
class DeadLetterCliIT {

    static final ZoneId ZONE = ZoneId.of("America/Bogota");
    static final String TOKEN = "cli-token";
    static final String UID = "cli-uid";
    static final String KEY = "cli-key";
    static final String FEED = "wolkvox-chat";

    @TempDir
    Path stateDir;

    TestFakes fakes;
    WolkvoxFake wolkvox;
    PlayvoxFake playvox;
    CommandRun last;

    /** Starts the fakes: some chat_4 records over 6 hours, a share of them by the agent missing from the directory. */
    void startFakes(int records, double unmappedAgentRate) {
        fakes = TestFakes.start(WolkvoxFake.Options.defaults(TOKEN).withZone(ZONE).withSeed(21)
                        .withHistoryRecords(records).withHistorySpan(Duration.ofHours(6)).withRecordsPerMinute(0)
                        .withUnmappedAgentRate(unmappedAgentRate).withLateRate(0),
                PlayvoxFake.Options.defaults(UID, KEY).withJobDuration(Duration.ofMillis(100)));
        wolkvox = fakes.wolkvox();
        playvox = fakes.playvox();
    }

    @AfterEach
    void stopFakes() {
        if (fakes != null) {
            fakes.close();
        }
    }

    Map<String, String> settings() {
        return fakes.settings(stateDir, Duration.ofHours(7));
    }

    List<Map<String, String>> sourceRecords() {
        return wolkvox.visibleRecords(wolkvox.anchor().minus(Duration.ofDays(1)), Instant.now().plusSeconds(1));
    }

    /** Runs the command line in this JVM; {@link #last} keeps what it printed. @return its exit code */
    int cli(Map<String, String> settings, String... args) {
        last = CommandRun.of(settings, args);
        return last.exitCode();
    }

    <T> T withDeadLetters(Function<DeadLetterStore, T> work) {
        try (StateDatabase db = new StateDatabase(BridgeConfiguration.durableH2(
                settings().get("bridge.state.jdbc-url")), "sa", "")) {
            return work.apply(new DeadLetterStore(db.dataSource()));
        }
    }

    List<DeadLetter> deadLetters() {
        return withDeadLetters(store -> store.list(null, 10_000));
    }

    Map<String, PlayvoxFake.StoredInteraction> stored() {
        return playvox.interactions(FEED).stream()
                .collect(Collectors.toMap(PlayvoxFake.StoredInteraction::interactionId, i -> i));
    }

    /** The sandbox's agent directory plus the agent it lacks, as an operator fixes it. */
    Path agentsFileMappingTheMissingAgent() throws IOException {
        String sandbox;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(WolkvoxFake.SANDBOX_AGENTS_RESOURCE)) {
            sandbox = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = stateDir.resolve("agents.csv");
        Files.writeString(file, sandbox.stripTrailing() + "\nwolkvox," + WolkvoxFake.UNMAPPED_AGENT_NAME
                + ",maria.rodriguez@sandbox.playvox.test\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void replays_fixed_dead_letters_into_playvox_exactly_once_with_their_comments_and_never_twice() throws Exception {
        startFakes(300, 0.05);
        List<Map<String, String>> source = sourceRecords();
        List<Map<String, String>> unmapped = source.stream()
                .filter(r -> WolkvoxFake.UNMAPPED_AGENT_NAME.equals(r.get("agent_name"))).toList();
        assertThat(unmapped).isNotEmpty();
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();
        }
        List<DeadLetter> letters = deadLetters();
        assertThat(letters).hasSize(unmapped.size()).allSatisfy(d ->
                assertThat(d.reason()).isEqualTo("unmapped agent " + WolkvoxFake.UNMAPPED_AGENT_NAME));
        assertThat(stored()).hasSize(source.size() - unmapped.size());
        int bulkRequests = playvox.bulkSizes().size();

        Map<String, String> fixed = settings();
        fixed.put("bridge.agents-file", agentsFileMappingTheMissingAgent().toString());
        assertThat(cli(fixed, "dead-letters", "replay", "--feed", FEED)).as(last.err()).isZero();

        int n = unmapped.size();
        assertThat(last.out()).contains("replaying " + n + " dead letter(s)")
                .contains(FEED + ": " + n + " replayed (" + n + " delivered, 0 already delivered, 0 dead-lettered "
                        + "again), 0 comment(s) posted, 0 already in Playvox; " + n + " dead letter(s) removed, 0 kept")
                .contains("replay complete");
        Map<String, PlayvoxFake.StoredInteraction> stored = stored();
        assertThat(stored).hasSize(source.size());
        for (Map<String, String> r : unmapped) {
            PlayvoxFake.StoredInteraction i = stored.get("wolkvox-chat4-" + r.get("case_id"));
            assertThat(i).isNotNull();
            assertThat(i.receivedCount()).isEqualTo(1);
            assertThat(i.assigneeId()).isEqualTo("maria.rodriguez@sandbox.playvox.test");
            assertThat(i.comments()).hasSize((int) WolkvoxToPlayvoxIT.commentCount(r));
        }
        assertThat(playvox.duplicateReceipts()).isZero();
        assertThat(playvox.bulkSizes()).hasSize(bulkRequests + 1);
        assertThat(deadLetters()).isEmpty();

        // the same record dead-lettered once more (a lookback fetched it twice): the delivery log skips it
        long again = withDeadLetters(store -> store.add(FEED, "wolkvox-chat-record", letters.get(0).interactionId(),
                "unmapped agent " + WolkvoxFake.UNMAPPED_AGENT_NAME, letters.get(0).payload()));
        assertThat(cli(fixed, "dead-letters", "replay", Long.toString(again))).as(last.err()).isZero();

        assertThat(last.out()).contains(FEED + ": 1 replayed (0 delivered, 1 already delivered, 0 dead-lettered "
                + "again), 0 comment(s) posted, 0 already in Playvox; 1 dead letter(s) removed, 0 kept");
        assertThat(playvox.bulkSizes()).hasSize(bulkRequests + 1);
        assertThat(stored().get(letters.get(0).interactionId()).receivedCount()).isEqualTo(1);
        assertThat(deadLetters()).extracting(DeadLetter::id).doesNotContain(again);
    }

    @Test
    void a_record_that_fails_again_keeps_its_one_dead_letter_with_the_new_failure() throws Exception {
        startFakes(300, 0.05);
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();
            // the next poll's lookback fetches some of them again: still one dead letter per interaction
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();
        }
        List<DeadLetter> before = deadLetters();
        assertThat(before).isNotEmpty().extracting(DeadLetter::interactionId).doesNotHaveDuplicates();

        // the cause is not fixed: the replay fails them again
        assertThat(cli(settings(), "dead-letters", "replay", "--all")).as(last.err()).isEqualTo(1);
        int n = before.size();
        assertThat(last.out()).contains(n + " replayed (0 delivered, 0 already delivered, " + n + " dead-lettered again)")
                .contains("0 dead letter(s) removed, " + n + " kept");
        List<DeadLetter> after = deadLetters();
        assertThat(after).extracting(DeadLetter::id)
                .containsExactlyInAnyOrderElementsOf(before.stream().map(DeadLetter::id).toList());
        assertThat(after).allSatisfy(d -> assertThat(d.failedAt()).isAfter(
                before.stream().filter(b -> b.id() == d.id()).findFirst().orElseThrow().failedAt()));
    }

    @Test
    void replays_a_comment_only_if_playvox_lacks_it_and_keeps_what_no_route_can_replay() throws Exception {
        startFakes(20, 0);
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();
        }
        PlayvoxFake.StoredInteraction target = playvox.interactions(FEED).get(0);
        int comments = target.comments().size();
        // as DeadLetterRecorder stores a comment that could not be posted: the same one failed twice
        String payload = "{\"playvox_id\":\"" + target.id() + "\",\"comment\":{\"body\":\"Nota tras el reintento ✓\","
                + "\"type\":\"internal_note\",\"author_id\":\"maria.rodriguez@sandbox.playvox.test\","
                + "\"added_at\":\"2026-11-21T09:30:00-05:00\"}}";
        List<Long> commentLetters = withDeadLetters(store -> List.of(
                store.add(FEED, "playvox-comment-post", target.interactionId(), "comment not posted: HTTP 500", payload),
                store.add(FEED, "playvox-comment-post", target.interactionId(), "comment not posted: HTTP 500", payload)));
        long otherFeed = withDeadLetters(store -> store.add("five9-call-log", "five9-call-log-record", "c1", "x", "{}"));

        assertThat(cli(settings(), "dead-letters", "replay", "--all")).as(last.err()).isEqualTo(1);

        assertThat(last.out())
                .contains(FEED + ": 0 replayed (0 delivered, 0 already delivered, 0 dead-lettered again), "
                        + "1 comment(s) posted, 1 already in Playvox; 2 dead letter(s) removed, 0 kept")
                .contains("five9-call-log: 0 replayed (0 delivered, 0 already delivered, 0 dead-lettered again), "
                        + "0 comment(s) posted, 0 already in Playvox; 0 dead letter(s) removed, 1 kept")
                .contains("  kept 1: no route direct:five9-call-log-replay replays feed five9-call-log")
                .contains("replay incomplete");
        PlayvoxFake.StoredInteraction after = stored().get(target.interactionId());
        assertThat(after.comments()).hasSize(comments + 1);
        assertThat(after.comments()).filteredOn(c -> c.body().equals("Nota tras el reintento ✓")).singleElement()
                .satisfies(c -> {
                    assertThat(c.type()).isEqualTo("internal_note");
                    assertThat(c.addedAt()).isEqualTo("2026-11-21T09:30:00-05:00");
                });
        assertThat(deadLetters()).extracting(DeadLetter::id).containsExactly(otherFeed)
                .doesNotContainAnyElementsOf(commentLetters);
    }

    @Test
    void items_playvox_rejected_are_delivered_by_a_replay_once_playvox_accepts_them() throws Exception {
        startFakes(300, 0.05);
        playvox.faults(PlayvoxFake.Faults.none().withItemFailureRate(0.1));
        List<Map<String, String>> source = sourceRecords().stream()
                .filter(r -> !WolkvoxFake.UNMAPPED_AGENT_NAME.equals(r.get("agent_name"))).toList();
        try (BridgeTestApp app = BridgeTestApp.start(settings())) {
            assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();
        }
        List<DeadLetter> rejected = deadLetters().stream()
                .filter(d -> d.reason().contains("simulated item failure")).toList();
        assertThat(rejected).isNotEmpty();
        assertThat(stored().keySet()).doesNotContainAnyElementsOf(rejected.stream().map(DeadLetter::interactionId).toList());
        playvox.faults(PlayvoxFake.Faults.none());

        // the unmapped agent's records stay dead letters: their cause is not fixed (exit code 1: some are kept)
        assertThat(cli(settings(), "dead-letters", "replay", "--feed", FEED)).as(last.err()).isEqualTo(1);
        assertThat(last.out()).contains("failed again");

        Set<String> delivered = stored().keySet();
        assertThat(delivered).containsAll(rejected.stream().map(DeadLetter::interactionId).toList());
        assertThat(delivered).hasSize(source.size());
        assertThat(stored().values()).allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
        assertThat(deadLetters()).allSatisfy(d ->
                assertThat(d.reason()).isEqualTo("unmapped agent " + WolkvoxFake.UNMAPPED_AGENT_NAME));
    }

    @Test
    void without_a_command_or_with_run_it_runs_the_bridge_as_before() throws Exception {
        startFakes(20, 0);
        Map<String, String> s = settings();
        s.put("bridge.poll-on-start", "true");
        s.put("camel.main.duration-max-seconds", "4");

        assertThat(cli(s)).as(last.err()).isZero();
        assertThat(playvox.integrationsCreated()).as("the first poll set the Playvox integration up").isEqualTo(1);

        long lookups = integrationLookups();
        assertThat(cli(s, "run")).as(last.err()).isZero();
        assertThat(integrationLookups()).as("the first poll looked the integration up again").isGreaterThan(lookups);
        assertThat(playvox.integrationsCreated()).isEqualTo(1);

        s.put("wolkvox.time-zone", "Mars/Base");
        assertThat(cli(s)).isEqualTo(2);
        assertThat(last.err().strip()).isEqualTo("playvox-bridge cannot start: wolkvox.time-zone: 'Mars/Base' is "
                + "not an IANA time zone such as America/Bogota");
    }

    @Test
    void the_packaged_jar_lists_its_commands_and_answers_a_bad_option_with_usage_and_exit_code_2() throws Exception {
        // Failsafe runs after the jar is packaged; a run by Surefire (-Dtest=...) may find none, or an older one
        Path jar = Path.of("target", "playvox-bridge.jar");
        Path cli = Path.of("target", "classes", "io", "playvoxbridge", "cli", "BridgeCommand.class");
        assumeTrue(Files.exists(jar) && Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(cli)) >= 0,
                "target/playvox-bridge.jar is packaged from these classes");
        Process help = jar("--help");
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String helpText = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.exitValue()).isZero();
        assertThat(helpText).contains("Usage: playvox-bridge").contains("run").contains("dead-letters");

        Process bad = jar("dead-letters", "list", "--bogus");
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String badText = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(badText).contains("Unknown option: '--bogus'").contains("Usage: playvox-bridge dead-letters list");
    }

    private long integrationLookups() {
        return playvox.requestLog().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/integrations")).count();
    }

    private Process jar(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar",
                Path.of("target", "playvox-bridge.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(stateDir.toFile()).redirectErrorStream(true).start();
    }
}
