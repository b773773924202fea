package io.playvoxbridge.sandbox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * A report whose record {@code i} is the i-th event of a {@link RecordTimeline} ({@code diagram_4}, {@code chat_1}):
 * the timeline dates it, {@link #visibleFrom(long)} says when Wolkvox shows it, and its content is drawn from
 * (seed, index) alone, so the same index always gives the identical record.
 */
abstract class TimelineReport implements WolkvoxReport {

    /** Wolkvox's date format in responses, in the operation's zone. */
    static final DateTimeFormatter WOLKVOX_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    /** When each record is created. */
    final RecordTimeline timeline;
    /** The operation's zone. */
    final ZoneId zone;
    private final SandboxAgentPool agents;
    private final double unmappedAgentRate;
    private final String connPrefix;

    /**
     * @param timeline          when each record is created
     * @param zone              the operation's zone for date strings
     * @param agents            the agents to draw from
     * @param unmappedAgentRate share 0..1 of records given to the unmapped agent
     * @param connMarker        the digit after the anchor day in every {@code conn_id}, one per report
     */
    TimelineReport(RecordTimeline timeline, ZoneId zone, SandboxAgentPool agents, double unmappedAgentRate,
                   char connMarker) {
        this.timeline = Objects.requireNonNull(timeline);
        this.zone = Objects.requireNonNull(zone);
        this.agents = Objects.requireNonNull(agents);
        this.unmappedAgentRate = unmappedAgentRate;
        this.connPrefix = DAY.format(timeline.anchor().atZone(zone)) + connMarker;
    }

    /** @return the first moment record {@code index} is visible; by default its creation (plus lateBy if late) */
    Instant visibleFrom(long index) {
        return timeline.visibleFrom(index);
    }

    @Override
    public void forEachVisible(Instant from, Instant toInclusive, Instant now, LongPredicate action) {
        long[] range = timeline.indexRange(from, toInclusive, now);
        for (long i = range[0]; i < range[1]; i++) {
            if (!visibleFrom(i).isAfter(now) && !action.test(i)) {
                return;
            }
        }
    }

    /** @return the random source of record {@code index}'s content */
    SplittableRandom random(long index, long salt) {
        return new SplittableRandom(RecordTimeline.mix64(timeline.seed()
                ^ RecordTimeline.mix64(index * 0x9E3779B97F4A7C15L + salt)));
    }

    /** @return the record's agent: the unmapped one for the configured share, else a mapped one */
    SandboxAgentPool.Agent agent(long index, long salt) {
        return agents.pick(timeline, index, unmappedAgentRate, salt);
    }

    /** @return {@code <anchor day yyyyMMdd><marker><index, 6 digits>}: unique, and naming the record's index */
    String connId(long index) {
        return connPrefix + String.format(Locale.ROOT, "%06d", index);
    }

    /** @return a moment as Wolkvox writes it, {@code yyyy-MM-dd HH:mm:ss} in the operation's zone */
    String date(Instant moment) {
        return WOLKVOX_DATE.format(moment.atZone(zone));
    }
}
