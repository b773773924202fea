package io.playvoxbridge.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one running feed, id {@code feed-<feed id>} (like {@code feed-wolkvox-chat}): DOWN when the feed's
 * last successful poll (the last window it committed in this process) is older than twice its schedule, the longest
 * gap between two fires of its cron ({@link CronSchedule}). Before its first window commits, the same allowance is
 * counted from the start of the application. A cron that fires fewer than twice from now on is not checked (UP).
 *
 * <p>Details: {@code feed}, {@code cron}, {@code schedule} (ISO-8601 duration), {@code allowed} (twice the schedule),
 * {@code last_success} (ISO instant, or {@code never}), {@code since_last_success} (seconds since the last success,
 * or since start), {@code watermark} (ISO instant, when known), {@code lag_seconds} (now minus the watermark).
 */
public final class FeedHealthCheck extends AbstractHealthCheck {

    private final String feed;
    private final String cron;
    private final TimeZone zone;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private final Instant started;

    /**
     * @param feed    the feed id
     * @param cron    the feed's Quartz cron (its {@code <key>.cron} setting)
     * @param zone    the zone the cron is read in
     * @param metrics where the feed's commits are recorded
     * @param clock   the clock that says "now"
     * @param started when the application started (the first poll's allowance counts from here)
     */
    public FeedHealthCheck(String feed, String cron, TimeZone zone, BridgeMetrics metrics, Clock clock, Instant started) {
        super("bridge", "feed-" + feed);
        this.feed = feed;
        this.cron = cron;
        this.zone = zone;
        this.metrics = metrics;
        this.clock = clock;
        this.started = started;
    }

    /** @return false: a stale feed makes the application unready, not dead (a restart would not help) */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant now = clock.instant();
        Optional<Instant> lastSuccess = metrics.lastCommit(feed);
        Duration since = Duration.between(lastSuccess.orElse(started), now);
        builder.detail("feed", feed);
        builder.detail("cron", cron);
        builder.detail("last_success", lastSuccess.map(Instant::toString).orElse("never"));
        builder.detail("since_last_success", since.toSeconds());
        metrics.committedWatermark(feed).ifPresent(w -> {
            builder.detail("watermark", w.toString());
            builder.detail("lag_seconds", Duration.between(w, now).toSeconds());
        });
        Optional<Duration> schedule = CronSchedule.longestInterval(cron, zone, now);
        if (schedule.isEmpty()) {
            builder.detail("schedule", "none (the cron fires fewer than twice from now on)");
            builder.message("feed " + feed + ": its cron fires fewer than twice from now on; staleness not checked");
            builder.up();
            return;
        }
        Duration allowed = schedule.get().multipliedBy(2);
        builder.detail("schedule", schedule.get().toString());
        builder.detail("allowed", allowed.toString());
        if (since.compareTo(allowed) > 0) {
            builder.message("feed " + feed + ": no successful poll for " + since.toSeconds() + " s (allowed: twice its "
                    + "schedule, " + allowed.toSeconds() + " s" + (lastSuccess.isEmpty() ? ", counted from start" : "")
                    + ")");
            builder.down();
        } else {
            builder.up();
        }
    }
}
