package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.StateDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once through hard kills, the pattern of Kafka Connect's exactly-once source test: sequence-numbered
 * sources (one feed of each vendor, {@link ChaosSources}: every record has its own id), the real jar started as its
 * own process and killed with SIGKILL (and some rounds with SIGTERM) at random moments while the fakes, in this
 * JVM, inject 5xx, 429 and other faults; at the end every record of every feed is in Playvox exactly once with all
 * its comments and no dead letter remains.
 *
 * <p>Shortened by default (for CI); {@code bench/chaos.sh} runs it long: {@code -Dchaos.kills=20 -Dchaos.records=20000}.
 */
class ChaosIT {

    @TempDir
    Path dir;

    @Test
    void every_record_reaches_playvox_exactly_once_through_kills_and_vendor_faults() throws Exception {
        int kills = Integer.getInteger("chaos.kills", 5);
        deleteLogs();
        int records = Integer.getInteger("chaos.records", 2000);
        long seed = Long.getLong("chaos.seed", 1);
        Random random = new Random(seed);
        Instant started = Instant.now();

        // -Dchaos.sources=wolkvox,gladly runs only some of them (all four by default)
        Set<String> only = Set.of(System.getProperty("chaos.sources", "wolkvox,eightbyeight,gladly,five9").split(","));
        List<ChaosSource> sources = new java.util.ArrayList<>();
        if (only.contains("wolkvox")) {
            sources.add(new ChaosSources.WolkvoxChat(records, seed));
        }
        if (only.contains("eightbyeight")) {
            sources.add(new ChaosSources.EightByEightInteractions(Integer.getInteger("chaos.records.eightbyeight", 150), seed));
        }
        if (only.contains("gladly")) {
            sources.add(new ChaosSources.GladlyConversations(Integer.getInteger("chaos.records.gladly", 200), seed));
        }
        if (only.contains("five9")) {
            sources.add(new ChaosSources.Five9CallLog(Integer.getInteger("chaos.records.five9", 300), seed));
        }
        PlayvoxFake playvox = new PlayvoxFake(PlayvoxFake.Options.defaults("chaos-uid", "chaos-key")
                .withJobDuration(Duration.ofMillis(300)).withSeed(seed));
        playvox.faults(new PlayvoxFake.Faults(0.05, 0.03, 1, 0, Duration.ZERO));
        playvox.start(0);
        try {
            Map<String, String> env = environment(playvox);
            for (ChaosSource source : sources) {
                env.putAll(source.start());
            }
            int sigkills = 0;
            int sigterms = 0;
            Map<String, Integer> phases = new java.util.TreeMap<>();
            for (int round = 1; round <= kills; round++) {
                Process bridge = start(env, round);
                String phase = killPoint(bridge, round, random);
                phases.merge(phase, 1, Integer::sum);
                if (round % 4 == 0) {
                    bridge.destroy(); // SIGTERM: graceful
                    if (!bridge.waitFor(60, TimeUnit.SECONDS)) {
                        bridge.destroyForcibly().waitFor();
                    }
                    sigterms++;
                } else {
                    bridge.destroyForcibly().waitFor(); // SIGKILL
                    sigkills++;
                }
            }
            Process last = start(env, kills + 1);
            // the last round runs until every source is complete; on a slow machine it may take longer, so it waits
            // while Playvox keeps receiving (no progress for chaos.stall-seconds ends it), up to chaos.final-minutes
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(Long.getLong("chaos.final-minutes", 12));
            long stall = TimeUnit.SECONDS.toNanos(Long.getLong("chaos.stall-seconds", 120));
            long lastProgress = System.nanoTime();
            long received = -1;
            String ending = "complete";
            // what each source has shown so far, taken with each check: the accounting below uses the set that was
            // judged complete (a Five9 call listed only after the bridge stopped is not the bridge's to deliver)
            Map<ChaosSource, Map<String, Long>> expectedAtEnd = new HashMap<>();
            while (!allComplete(playvox, sources, expectedAtEnd)) {
                long now = System.nanoTime();
                long r = playvox.requestLog().size();
                if (r != received) {
                    received = r;
                    lastProgress = now;
                }
                if (!last.isAlive()) {
                    ending = "the last bridge process ended by itself";
                    break;
                }
                if (now > deadline) {
                    ending = "not complete after chaos.final-minutes";
                    break;
                }
                if (now - lastProgress > stall) {
                    ending = "no Playvox request for chaos.stall-seconds";
                    break;
                }
                Thread.sleep(1000);
            }
            last.destroy();
            last.waitFor(60, TimeUnit.SECONDS);

            long deadLetters;
            try (StateDatabase db = new StateDatabase(jdbcUrl(), "sa", "")) {
                deadLetters = new DeadLetterStore(db.dataSource()).count(null);
            }
            StringBuilder result = new StringBuilder(String.format("chaos: rounds=%d (SIGKILL %d, SIGTERM %d, kill points %s), "
                            + "last round ended: %s, dead letters=%d, took=%ds, Playvox 5xx=%d, 429=%d", kills, sigkills,
                    sigterms, phases, ending, deadLetters, Duration.between(started, Instant.now()).toSeconds(),
                    playvox.requestLog().stream().filter(r -> r.status() >= 500).count(),
                    playvox.requestLog().stream().filter(r -> r.status() == 429).count()));
            long lost = 0;
            long duplicated = 0;
            long duplicateComments = 0;
            long missingComments = 0;
            for (ChaosSource source : sources) {
                Map<String, Long> expected = expectedAtEnd.get(source);
                List<PlayvoxFake.StoredInteraction> stored = playvox.interactions(source.integration());
                Set<String> storedIds = stored.stream().map(PlayvoxFake.StoredInteraction::interactionId)
                        .collect(Collectors.toSet());
                long l = expected.keySet().stream().filter(id -> !storedIds.contains(id)).count();
                long d = stored.stream().mapToLong(i -> i.receivedCount() - 1).sum();
                // comments counted per interaction against the source (two comments may have the same text);
                // interactions outside the expected set (a conversation that closed after it was taken) are counted
                // apart: their receipts are in "duplicated", their comments are not checked
                List<PlayvoxFake.StoredInteraction> known = stored.stream()
                        .filter(i -> expected.containsKey(i.interactionId())).toList();
                long dc = known.stream().mapToLong(i -> Math.max(0,
                        i.comments().size() - expected.get(i.interactionId()))).sum();
                long mc = known.stream().mapToLong(i -> Math.max(0,
                        expected.get(i.interactionId()) - i.comments().size())).sum();
                result.append(String.format("%n  %s: records=%d, lost=%d, duplicated=%d, duplicate comments=%d, "
                                + "missing comments=%d, delivered beyond the expected set=%d, source faults %s",
                        source.integration(), expected.size(), l, d, dc, mc, stored.size() - known.size(),
                        source.faultCounts()));
                known.stream().filter(i -> i.comments().size() != expected.get(i.interactionId()))
                        .limit(3).forEach(i -> result.append(String.format("%n    %s: %d comment(s), expected %d: %s%s",
                                i.interactionId(), i.comments().size(), expected.get(i.interactionId()),
                                i.comments().stream().map(c -> c.type() + "|" + shorten(c.body())).toList(),
                                source.expectedCommentTexts(i.interactionId()) == null ? ""
                                        : ", expected " + source.expectedCommentTexts(i.interactionId()).stream()
                                        .map(ChaosIT::shorten).toList())));
                lost += l;
                duplicated += d;
                duplicateComments += dc;
                missingComments += mc;
            }
            System.out.println(result);
            Files.writeString(Path.of("target", "chaos-result.txt"), result + System.lineSeparator(), StandardCharsets.UTF_8);

            assertThat(lost).as("lost, in %s", result).isZero();
            assertThat(duplicated).as("duplicated, in %s", result).isZero();
            assertThat(duplicateComments).as("duplicate comments, in %s", result).isZero();
            assertThat(missingComments).as("missing comments, in %s", result).isZero();
            assertThat(deadLetters).as("dead letters, in %s", result).isZero();
        } finally {
            for (ChaosSource source : sources) {
                source.close();
            }
            playvox.close();
        }
    }

    private static void deleteLogs() throws IOException {
        Path logs = Path.of("target", "chaos");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    private String jdbcUrl() {
        return "jdbc:h2:file:" + dir.resolve("state/bridge").toAbsolutePath();
    }

    private Map<String, String> environment(PlayvoxFake playvox) {
        Map<String, String> env = new HashMap<>();
        env.put("BRIDGE_SANDBOX_ENABLED", "false");
        env.put("PLAYVOX_BASE_URL", playvox.baseUrl());
        env.put("PLAYVOX_API_UID", "chaos-uid");
        env.put("PLAYVOX_API_KEY", "chaos-key");
        env.put("BRIDGE_STATE_JDBC_URL", jdbcUrl());
        env.put("BRIDGE_AGENTS_FILE", "classpath:" + WolkvoxFake.SANDBOX_AGENTS_RESOURCE);
        env.put("PLAYVOX_RATE_LIMIT_REQUESTS_PER_MINUTE", "1000000");
        env.put("PLAYVOX_JOB_POLL_INTERVAL", "100");
        env.put("PLAYVOX_JOB_MAX_POLL_INTERVAL", "500");
        env.put("BRIDGE_RETRY_INITIAL_DELAY", "100");
        env.put("BRIDGE_RETRY_MAX_DELAY", "2000");
        env.put("CAMEL_MAIN_SHUTDOWN_TIMEOUT", "10");
        env.put("CAMEL_MANAGEMENT_PORT", "0");
        env.put("BRIDGE_CONSOLE_ENABLED", "false"); // no console: nothing of this test needs port 8888
        return env;
    }

    private Process start(Map<String, String> env, int round) throws IOException {
        Path work = dir.resolve("run");
        Files.createDirectories(work);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", new File("target/playvox-bridge.jar").getAbsolutePath())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logOf(round).toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Each round's log, kept under target/chaos/ for reading after the run. */
    private static Path logOf(int round) throws IOException {
        Path logs = Path.of("target", "chaos");
        Files.createDirectories(logs);
        return logs.resolve("bridge-" + round + ".log");
    }

    /**
     * Waits, by the round's log, until the bridge is in the phase this round kills in, so that kills land in every
     * phase rather than mostly during start-up: the fetch and aggregation of a window, a bulk POST and its job
     * polls, the comment posts after a job, and just after a window commit. Gives up waiting after 90 s.
     *
     * @return the phase name, for the result line
     */
    private static String killPoint(Process bridge, int round, Random random) throws IOException, InterruptedException {
        String[][] phases = {
            {"fetch/aggregate", "first poll now"},
            {"bulk POST/job polls", "accepted as job"},
            {"comments", "confirmed, "},
            {"after commit", "window ["},
        };
        String[] phase = phases[random.nextInt(phases.length)];
        int occurrence = 1 + random.nextInt(3);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (bridge.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(logOf(round)) && count(Files.readString(logOf(round)), phase[1]) >= occurrence) {
                Thread.sleep(random.nextInt(phase[0].startsWith("fetch") ? 1500 : 300));
                return phase[0];
            }
            Thread.sleep(50);
        }
        return phase[0] + " (not reached)";
    }

    private static String shorten(String text) {
        return text == null || text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static int count(String text, String marker) {
        int n = 0;
        for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
            n++;
        }
        return n;
    }

    /** Checks every source (none skipped, so each has its expected set in {@code seen}). */
    private static boolean allComplete(PlayvoxFake playvox, List<ChaosSource> sources,
                                       Map<ChaosSource, Map<String, Long>> seen) {
        boolean all = true;
        for (ChaosSource source : sources) {
            all &= complete(playvox, source, seen);
        }
        return all;
    }

    private static boolean complete(PlayvoxFake playvox, ChaosSource source, Map<ChaosSource, Map<String, Long>> seen) {
        Map<String, Long> expectedComments = source.expectedComments();
        seen.put(source, expectedComments);
        Map<String, Integer> stored = new HashMap<>();
        for (PlayvoxFake.StoredInteraction i : playvox.interactions(source.integration())) {
            stored.put(i.interactionId(), i.comments().size());
        }
        // every expected interaction there with all its comments (others, delivered beyond the set, do not count)
        return expectedComments.entrySet().stream()
                .allMatch(e -> stored.containsKey(e.getKey()) && stored.get(e.getKey()) >= e.getValue());
    }
}
