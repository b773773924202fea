package io.playvoxbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.BridgeConfiguration;
import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.feed.DeadLetterReplay;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.playvox.PlayvoxApi;
import io.playvoxbridge.playvox.PlayvoxRequests;
import io.playvoxbridge.state.DeadLetterStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import picocli.CommandLine.Command;

/**
 * {@code dead-letters replay (ID | --feed FEED | --all)}: sends dead letters again through the bridge's real routes
 * ({@link DeadLetterReplay}): the application is started in this process without polls
 * ({@code bridge.poll-on-start=false}, the Quartz scheduler not started), with the sandbox when
 * {@code bridge.sandbox.enabled=true}, and stopped afterwards. Prints one line per feed (replayed, delivered,
 * already delivered, dead-lettered again, comments, removed, kept) and the reasons of what was kept.
 */
@Command(name = "replay", description = "Sends dead letters again through translation, dedupe and Playvox (the bridge "
        + "is started without polls, then stopped): one by ID, a feed's with --feed, or all with --all. A replayed "
        + "dead letter is removed once its record is delivered or found already delivered; a record that fails again "
        + "keeps its dead letter with the new reason; if the replay cannot finish, all are kept, and replaying again "
        + "is safe.")
final class DeadLettersReplayCommand extends DeadLetterSelectionCommand {

    /** Longest wait for the application to start. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    /**
     * @return 0 when every chosen dead letter was replayed and removed (or there was none); 1 when some are kept or
     *         ID names no dead letter
     * @throws Exception when the application cannot start (a bad setting, an H2 state file held by a running bridge)
     * @throws picocli.CommandLine.ParameterException (usage error) unless exactly one of ID, --feed, --all is given
     */
    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = out();
        List<Long> ids = parent.withStore(this::ids);
        if (ids.isEmpty()) {
            if (byId()) {
                return parent.noSuchDeadLetter(id);
            }
            out.println("no " + describe() + " to replay");
            out.flush();
            return 0;
        }
        out.println("replaying " + ids.size() + " dead letter(s); starting the bridge without polls");
        out.flush();
        Map<String, String> settings = new LinkedHashMap<>(parent.overrides());
        settings.put("bridge.poll-on-start", "false");
        settings.put("camel.component.quartz.auto-start-scheduler", "false");
        DeadLetterReplay.Report report;
        try (BackgroundBridge app = BackgroundBridge.start(settings, START_TIMEOUT)) {
            report = replay(app.camel(), ids);
        }
        for (DeadLetterReplay.FeedReport f : report.feeds()) {
            out.printf("%s: %d replayed (%d delivered, %d already delivered, %d dead-lettered again), "
                            + "%d comment(s) posted, %d already in Playvox; %d dead letter(s) removed, %d kept%n",
                    f.feed() == null ? "(no feed)" : f.feed(), f.replayed(), f.delivered(), f.alreadyDelivered(),
                    f.deadLetteredAgain(), f.commentsPosted(), f.commentsAlreadyThere(), f.removed(), f.kept());
            f.keptReasons().forEach((reason, n) -> out.printf("  kept %d: %s%n", n, reason));
        }
        out.println(report.complete() ? "replay complete"
                : "replay incomplete: the dead letters kept are still listed; replaying them again is safe");
        out.flush();
        return report.complete() ? 0 : 1;
    }

    private static DeadLetterReplay.Report replay(CamelContext camel, List<Long> ids) throws InterruptedException {
        BridgeSettings s = new BridgeSettings(camel.getPropertiesComponent());
        // as long as a window of the feed may take to settle
        Duration settleTimeout = BridgeConfiguration.settleTimeout(s);
        DeadLetterReplay replay = new DeadLetterReplay(camel, bean(camel, "deadLetterStore", DeadLetterStore.class),
                bean(camel, "windowTracker", WindowTracker.class), bean(camel, "playvoxApi", PlayvoxApi.class),
                new PlayvoxRequests(camel.createProducerTemplate()), new ObjectMapper(),
                s.integer("playvox.bulk.batch-size", 100, 1, 100), settleTimeout, Clock.systemUTC());
        return replay.replay(ids);
    }

    private static <T> T bean(CamelContext camel, String name, Class<T> type) {
        T bean = camel.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("the application has no bean '" + name + "'");
        }
        return bean;
    }
}
