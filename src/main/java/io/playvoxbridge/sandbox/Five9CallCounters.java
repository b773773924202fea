package io.playvoxbridge.sandbox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;

/**
 * Five9's call counters: per operation type, the calls of the current minute, hour and day, windows aligned to the
 * boundaries of the data center's zone (api-facts 5: "Counters reset at interval boundaries in the data center's
 * local time").
 */
final class Five9CallCounters {

    private static final ChronoUnit[] UNITS = {ChronoUnit.MINUTES, ChronoUnit.HOURS, ChronoUnit.DAYS};
    private static final String[] PER = {"minute", "hour", "day"};

    private final ZoneId zone;
    private final Map<Five9Fake.OperationType, long[]> windowStarts = new EnumMap<>(Five9Fake.OperationType.class);
    private final Map<Five9Fake.OperationType, int[]> counts = new EnumMap<>(Five9Fake.OperationType.class);

    /** @param zone the data center's zone: its minute, hour and day boundaries reset the counters */
    Five9CallCounters(ZoneId zone) {
        this.zone = zone;
        for (Five9Fake.OperationType type : Five9Fake.OperationType.values()) {
            windowStarts.put(type, new long[] {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE});
            counts.put(type, new int[3]);
        }
    }

    /** A limit reached: {@code limit} calls per {@code per} (minute, hour or day). */
    record Exceeded(int limit, String per) {
    }

    /**
     * Counts a call unless one of its limits is reached; a refused call is not counted.
     *
     * @return null when the call is counted, else the limit it would exceed
     */
    synchronized Exceeded tryAcquire(Five9Fake.OperationType type, Instant now) {
        roll(type, now);
        int[] c = counts.get(type);
        for (int w = 0; w < 3; w++) {
            if (c[w] >= type.limit(w)) {
                return new Exceeded(type.limit(w), PER[w]);
            }
        }
        for (int w = 0; w < 3; w++) {
            c[w]++;
        }
        return null;
    }

    /** @return the calls counted in the current window (0 minute, 1 hour, 2 day) */
    synchronized int value(Five9Fake.OperationType type, int window, Instant now) {
        roll(type, now);
        return counts.get(type)[window];
    }

    private void roll(Five9Fake.OperationType type, Instant now) {
        long[] starts = windowStarts.get(type);
        int[] c = counts.get(type);
        ZonedDateTime local = now.atZone(zone);
        for (int w = 0; w < 3; w++) {
            long start = local.truncatedTo(UNITS[w]).toInstant().toEpochMilli();
            if (start != starts[w]) {
                starts[w] = start;
                c[w] = 0;
            }
        }
    }
}
