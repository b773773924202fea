package io.playvoxbridge.cli;

import io.playvoxbridge.ActiveFeeds;
import io.playvoxbridge.BridgeSettings;
import io.playvoxbridge.feed.FeedWindow;
import io.playvoxbridge.feed.PolledFeed;
import io.playvoxbridge.feed.WindowTracker;
import io.playvoxbridge.playvox.PlayvoxAvailability;
import io.playvoxbridge.state.BackfillProgressStore;
import io.playvoxbridge.state.BackfillProgressStore.Progress;
import io.playvoxbridge.state.StateDatabase;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backfill --feed F --from T1 --to T2 [--dry-run]}: runs a date range of one feed again through the same
 * exactly-once machinery as its polls (its window route {@code direct:<feed>-window}: fetch, translate, the delivery
 * log's Idempotent Consumer, the Aggregator, the bulk job, comments, dead letters). The application is started in
 * this process with that feed only and without its Quartz poll ({@code <feed>-poll} not started, the scheduler not
 * started), so no regular poll of any feed runs meanwhile; the feed's watermark is left where it is
 * ({@link FeedWindow#backfill()} windows commit no watermark).
 *
 * <p>The range is cut into windows of the feed's max window setting; after each committed window its progress is
 * stored ({@link BackfillProgressStore}, table {@code backfill_progress}), so the same command run again continues
 * after the last committed window. On SIGTERM or Ctrl+C the current window is finished (within
 * {@code bridge.shutdown-timeout} seconds; past that the bridge stops and the window stays uncommitted: what it had
 * delivered is in the delivery log, so nothing is lost or sent twice) and the command ends.
 *
 * <p>Output (standard output): a progress bar of windows done of the total, records, records a second and the time
 * left; on a terminal it is redrawn in place, otherwise (CI, pipes) it prints plain lines. The log goes to standard
 * error. Exit codes: 0 complete; 1 a window could not be committed (the line says why; run again to resume); 2 bad
 * arguments or settings (one line); 3 stopped before the end by a signal (run again to resume).
 */
@Command(name = "backfill",
        customSynopsis = "playvox-bridge backfill --feed=FEED --from=T1 --to=T2 [--dry-run]",
        description = {"Runs a date range of one feed again through translation, the delivery log (records already "
                + "in Playvox are not sent again), bulk jobs, comments and dead letters, with a progress bar. Only "
                + "that feed runs, without its polls; its watermark is not moved. Stopped (Ctrl+C, SIGTERM) after the "
                + "current window, the same command continues where it stopped.",
                "Exit codes: 0 done, 1 a window failed (run again to resume), 2 bad arguments, 3 stopped (run again "
                        + "to resume)."})
final class BackfillCommand implements Callable<Integer> {

    /** Exit code of a backfill stopped before its end by a signal (or the test hook): resumable. */
    static final int STOPPED = 3;

    /** Longest wait for the application to start. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    /** Characters of a plain progress line (when not on a terminal). */
    private static final int PLAIN_LINE_LENGTH = 120;

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @ParentCommand
    BridgeCommand root;

    @Spec
    CommandSpec spec;

    // required, but checked in call() so that a missing one is one line with exit code 2 like the other bad arguments
    @Option(names = "--feed", paramLabel = "FEED",
            description = "Required. The feed id: wolkvox-chat, wolkvox-survey, wolkvox-conversations, "
                    + "eightbyeight-interactions, five9-call-log, five9-digital, gladly-conversations.")
    String feed;

    @Option(names = "--from", paramLabel = "T1",
            description = "Required. Start of the range, inclusive: an ISO-8601 local date-time in the feed's time "
                    + "zone (2026-11-01T00:00:00) or with an offset (2026-11-01T00:00:00-05:00).")
    String from;

    @Option(names = "--to", paramLabel = "T2",
            description = "Required. End of the range, exclusive, in the same forms; after --from and not in the "
                    + "future.")
    String to;

    @Option(names = "--dry-run",
            description = "Everything up to the Playvox POST, printed, nothing sent (sets bridge.dry-run=true); the "
                    + "progress is not stored.")
    boolean dryRun;

    /** Test hook: acts as a stop signal once this many windows are committed in this run (0: never). */
    @Option(names = "--stop-after-windows", hidden = true, defaultValue = "0")
    int stopAfterWindows;

    private volatile boolean stopRequested;

    /**
     * @return 0 when the range is complete, 1 when a window failed, 2 after one line on standard error for bad
     *         arguments (a missing or unknown option, an unknown or inactive feed, a time that is not ISO-8601, a
     *         range that is empty, in the future or out of the vendor's reach), 3 when stopped before the end
     * @throws Exception when the application cannot start (a bad setting: exit code 2, see {@link BridgeCommand})
     */
    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (BadArgument e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("playvox-bridge backfill: " + e.getMessage() + " (see backfill --help)");
            err.flush();
            return BridgeCommand.BAD_SETTING;
        }
    }

    private int run() throws Exception {
        List<String> unmatched = spec.commandLine().getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            throw new BadArgument("unknown option or argument: " + String.join(" ", unmatched));
        }
        for (String[] option : new String[][] {{"--feed", feed}, {"--from", from}, {"--to", to}}) {
            if (option[1] == null || option[1].isBlank()) {
                throw new BadArgument("missing " + option[0]);
            }
        }
        // the log goes to standard error, the progress to standard output (read by logback.xml when the first
        // logger is made, which is below)
        if (System.getProperty("LOG_TARGET") == null) {
            System.setProperty("LOG_TARGET", "System.err");
        }
        PrintWriter out = spec.commandLine().getOut();
        BackfillTime t1 = time("--from", from);
        BackfillTime t2 = time("--to", to);
        checkRun(() -> BackfillTime.checkOrderWithoutZone(t1, t2));
        checkFeedRuns(CliSettings.load(root.overrides()).settings());
        Map<String, String> settings = bridgeSettings();

        out.println("backfill of " + feed + ": starting the bridge with this feed only, without polls"
                + (dryRun ? " (dry run: nothing is sent to Playvox, progress is not stored)" : ""));
        out.flush();
        CountDownLatch finished = new CountDownLatch(1);
        BackgroundBridge app = BackgroundBridge.start(settings, START_TIMEOUT, false);
        Thread hook = new Thread(() -> onSignal(app, finished, out), "backfill-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return backfill(app.camel(), t1, t2, out);
        } finally {
            app.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for this
            }
        }
    }

    /** The overrides of the application a backfill starts: this feed only, no poll, no Quartz, no hangup. */
    Map<String, String> bridgeSettings() {
        Map<String, String> settings = new LinkedHashMap<>(root.overrides());
        ActiveFeeds.VENDORS.stream().flatMap(v -> v.feeds().stream()).filter(f -> !f.id().equals(feed))
                .forEach(f -> settings.put(f.key() + ".enabled", "false"));
        settings.put("bridge.poll-on-start", "false");
        settings.put("camel.component.quartz.auto-start-scheduler", "false");
        settings.put("camel.main.auto-startup-exclude-pattern", feed + "-poll");
        if (dryRun) {
            settings.put("bridge.dry-run", "true");
        }
        return settings;
    }

    private int backfill(CamelContext camel, BackfillTime t1, BackfillTime t2, PrintWriter out) throws Exception {
        PolledFeed polled = camel.getRegistry().findByType(PolledFeed.class).stream()
                .filter(f -> f.feed().equals(feed)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the application has no feed bean of " + feed));
        ZoneId zone = polled.zone();
        Instant start = t1.in(zone).truncatedTo(ChronoUnit.SECONDS);
        Instant end = t2.in(zone).truncatedTo(ChronoUnit.SECONDS);
        if (!start.isBefore(end)) {
            throw usage(BackfillTime.notBefore(t1, t2).getMessage());
        }
        if (end.isAfter(Instant.now())) {
            throw usage("--to " + to + " is in the future: a backfill reads what has happened (the regular polls "
                    + "read what comes next)");
        }
        List<FeedWindow> all = check(() -> polled.backfillWindows(start, end));
        BackfillProgressStore store = new BackfillProgressStore(
                bean(camel, "stateDatabase", StateDatabase.class).dataSource());
        Progress progress = startOrResume(store, start, end, out);
        List<FeedWindow> windows = progress.windowsDone() == 0 ? all : polled.backfillWindows(progress.committedTo(), end);
        int total = progress.windowsDone() + windows.size();
        out.printf("backfill of %s [%s, %s) %s: %d window(s) of at most %s%n", feed, LOCAL.format(start.atZone(zone)),
                LOCAL.format(end.atZone(zone)), zone, total, polled.maxWindow());
        if (progress.windowsDone() > 0) {
            out.printf("resuming: %d of %d windows done (%,d records), continuing at %s%n", progress.windowsDone(),
                    total, progress.records(), LOCAL.format(progress.committedTo().atZone(zone)));
        }
        out.flush();

        polled.ensureReady();
        BackfillMeter meter = new BackfillMeter(total, progress.windowsDone(), progress.records(), progress.elapsed());
        WindowTracker tracker = bean(camel, "windowTracker", WindowTracker.class);
        PlayvoxAvailability playvox = bean(camel, "playvoxAvailability", PlayvoxAvailability.class);
        String failure = null;
        try (ProducerTemplate template = camel.createProducerTemplate();
             ProgressBar bar = progressBar(meter, out)) {
            for (FeedWindow window : windows) {
                if (stopRequested) {
                    break;
                }
                if (playvox.isDown()) {
                    failure = "Playvox is down (circuit breaker open)";
                    break;
                }
                long started = System.nanoTime();
                Exchange done = template.send("direct:" + feed + "-window", exchange -> {
                    exchange.setProperty("bridgeFeed", feed);
                    exchange.getIn().setBody(window);
                });
                WindowTracker.Counts counts = tracker.takeClosedBackfillWindow(window);
                if (done.getException() != null || counts == null) {
                    failure = done.getException() == null ? "the window was not committed"
                            : done.getException().getMessage();
                    break;
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                if (!dryRun) {
                    progress = store.windowCommitted(progress, window.to(), counts.fetched(), took);
                }
                meter.windowDone(counts.fetched(), counts.delivered(), counts.deadLettered(),
                        counts.alreadyDelivered(), took);
                bar.setExtraMessage(meter.extraMessage());
                bar.stepTo(meter.windowsDone());
                if (stopAfterWindows > 0 && meter.windowsThisRun() >= stopAfterWindows) {
                    stopRequested = true;
                }
            }
        }
        return summary(meter, failure, out);
    }

    /** The stored progress of an unfinished backfill of this range, else a new one (stored unless a dry run). */
    private Progress startOrResume(BackfillProgressStore store, Instant start, Instant end, PrintWriter out) {
        Optional<Progress> stored = store.find(feed, start, end);
        if (stored.isPresent() && !stored.get().complete() && stored.get().windowsDone() > 0) {
            return stored.get();
        }
        if (stored.isPresent() && stored.get().complete()) {
            out.printf("this range was backfilled completely on %s: running it again (records already in Playvox "
                    + "are skipped)%n", stored.get().completedAt().truncatedTo(ChronoUnit.SECONDS));
        }
        return dryRun ? new Progress(feed, start, end, start, 0, 0, Duration.ZERO, Instant.now(), null)
                : store.begin(feed, start, end);
    }

    private int summary(BackfillMeter meter, String failure, PrintWriter out) {
        String counts = String.format(Locale.ROOT, "%d of %d windows, %,d records in all; this run: %,d %s, "
                        + "%,d %s, %,d already delivered", meter.windowsDone(), meter.total(), meter.records(),
                meter.delivered(), dryRun ? "would be sent" : "delivered", meter.deadLettered(),
                dryRun ? "would be dead letters" : "dead-lettered", meter.alreadyDelivered());
        int code;
        if (meter.complete()) {
            out.println((dryRun ? "dry-run backfill complete (nothing was sent): " : "backfill complete: ") + counts);
            code = 0;
        } else if (failure != null) {
            out.println("backfill stopped, a window was not committed (" + failure + "): " + counts
                    + ". Run the same command again to resume.");
            code = 1;
        } else {
            out.println("backfill stopped: " + counts + ". Run the same command again to resume.");
            code = STOPPED;
        }
        out.flush();
        return code;
    }

    /**
     * The progress bar: redrawn in place on a terminal; plain lines (ASCII, no escape codes) otherwise. Its ETA and
     * message come from the meter.
     */
    private ProgressBar progressBar(BackfillMeter meter, PrintWriter out) {
        boolean terminal = System.console() != null;
        ProgressBarConsumer consumer = terminal ? new ConsoleProgressBarConsumer(new PrintStream(System.out, true))
                : new DelegatingProgressBarConsumer(line -> {
                    out.println(line);
                    out.flush();
                }, PLAIN_LINE_LENGTH);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(feed)
                .setInitialMax(meter.total())
                .setUnit(" windows", 1)
                .setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(terminal ? 500 : 1000)
                .startsFrom(meter.windowsDone(), meter.elapsed())
                .setEtaFunction(state -> meter.eta())
                .setConsumer(consumer)
                .build();
        bar.setExtraMessage(meter.extraMessage());
        return bar;
    }

    /**
     * SIGTERM or Ctrl+C: the current window is finished and the command ends; past the shutdown timeout the bridge
     * is stopped, which leaves the current window uncommitted.
     */
    private void onSignal(BackgroundBridge app, CountDownLatch finished, PrintWriter out) {
        stopRequested = true;
        out.println("stop requested: finishing the current window");
        out.flush();
        try {
            long timeout = app.camel().getShutdownStrategy().getTimeUnit()
                    .toMillis(app.camel().getShutdownStrategy().getTimeout());
            if (!finished.await(timeout, TimeUnit.MILLISECONDS)) {
                out.println("the current window did not finish in time: stopping the bridge, it stays uncommitted");
                out.flush();
                app.close();
                finished.await(1, TimeUnit.MINUTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks the feed id and that the feed runs with these settings (vendor configured, feed enabled). */
    private void checkFeedRuns(BridgeSettings s) {
        Optional<ActiveFeeds.Feed> known = ActiveFeeds.VENDORS.stream().flatMap(v -> v.feeds().stream())
                .filter(f -> f.id().equals(feed)).findFirst();
        if (known.isEmpty()) {
            throw usage("--feed " + feed + ": no such feed (one of: " + ActiveFeeds.VENDORS.stream()
                    .flatMap(v -> v.feeds().stream()).map(ActiveFeeds.Feed::id).collect(Collectors.joining(", "))
                    + ")");
        }
        ActiveFeeds active = ActiveFeeds.decide(s, s.bool("bridge.sandbox.enabled", false));
        if (!active.isActive(feed)) {
            String vendor = known.get().vendor();
            throw usage("--feed " + feed + ": the feed does not run with these settings ("
                    + (active.isVendorActive(vendor) || !s.bool(known.get().key() + ".enabled", true)
                    ? known.get().key() + ".enabled=false"
                    : vendor + " is not configured: " + active.summary().stream()
                    .filter(l -> l.startsWith(vendor + ":")).findFirst().orElse(vendor)) + ")");
        }
    }

    private BackfillTime time(String option, String text) {
        return check(() -> BackfillTime.parse(option, text));
    }

    private <T> T check(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private void checkRun(Runnable work) {
        check(() -> {
            work.run();
            return null;
        });
    }

    private static BadArgument usage(String message) {
        return new BadArgument(message);
    }

    /** A bad argument: one line on standard error, exit code 2. */
    private static final class BadArgument extends RuntimeException {
        BadArgument(String message) {
            super(message);
        }
    }

    private static <T> T bean(CamelContext camel, String name, Class<T> type) {
        T bean = camel.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("the application has no bean '" + name + "'");
        }
        return bean;
    }
}
