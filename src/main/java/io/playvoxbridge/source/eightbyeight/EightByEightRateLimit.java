package io.playvoxbridge.source.eightbyeight;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A sliding-window limit on requests: at most {@code permits} starts within any {@code window}. The bridge keeps one
 * per 8x8 tenant for the Data Augmentation API, whose stated limit is
 * {@value EightByEightApi#AUGMENTATION_REQUESTS_PER_MINUTE} requests a minute per tenant (api-facts 4.1,
 * https://developer.8x8.com/actions-events/docs/8x8-contact-center-data-augmentation-api).
 *
 * <p>{@link #forAugmentation()} uses a 61 s window: 8x8 counts requests when they arrive, later than the bridge
 * starts them and by varying delays, so a window of exactly 60 s could still let 101 arrivals fall within one minute
 * (the Playvox throttle met the same effect, see README). Pure logic: the caller gives the time, and waits itself
 * for the duration {@link #tryAcquire} returns. Thread-safe.
 */
public final class EightByEightRateLimit {

    private final int permits;
    private final Duration window;
    private final Deque<Instant> starts = new ArrayDeque<>();

    /**
     * @param permits requests allowed per window, {@code >= 1}
     * @param window  the window, positive
     */
    public EightByEightRateLimit(int permits, Duration window) {
        this.window = Objects.requireNonNull(window, "window");
        if (permits < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("permits must be >= 1 and the window positive");
        }
        this.permits = permits;
    }

    /** @return 100 requests per 61 s, the Data Augmentation limit with a margin for arrival delays */
    public static EightByEightRateLimit forAugmentation() {
        return new EightByEightRateLimit(EightByEightApi.AUGMENTATION_REQUESTS_PER_MINUTE, Duration.ofSeconds(61));
    }

    /**
     * Takes a permit if one is free at {@code now}.
     *
     * @param now the current time; calls must not go back in time by more than a window
     * @return {@link Duration#ZERO} if the request may start now (the start is counted), else how long to wait
     *         before asking again (nothing is counted)
     */
    public synchronized Duration tryAcquire(Instant now) {
        Objects.requireNonNull(now, "now");
        while (!starts.isEmpty() && !starts.peekFirst().plus(window).isAfter(now)) {
            starts.removeFirst();
        }
        if (starts.size() < permits) {
            starts.addLast(now);
            return Duration.ZERO;
        }
        return Duration.between(now, starts.peekFirst().plus(window));
    }

    /** @return requests started within the window ending at {@code now} */
    public synchronized int inWindow(Instant now) {
        return (int) starts.stream().filter(start -> start.plus(window).isAfter(now)).count();
    }
}
