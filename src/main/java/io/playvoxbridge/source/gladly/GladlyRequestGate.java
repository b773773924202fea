package io.playvoxbridge.source.gladly;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header-driven half of the Gladly rate limit (the other half is the route's Throttle EIP, 10 requests in any
 * second): after every answer it asks {@link GladlyRateLimitPacer} how long the next request must wait
 * ({@code 429} + {@code Retry-After}, or {@code Ratelimit-Remaining-Second: 0}) and holds that instant; the request
 * route's Delay EIP asks {@link #millisToWait()} before each call. Follows api-facts 6 and GLADLY-OAS
 * https://developer.gladly.com/rest/ "Rate Limit": 10 requests a second per organization, shared by all its tokens.
 *
 * <p>One gate per process (all Gladly requests pass the same one). Thread-safe.
 */
public final class GladlyRequestGate {

    private static final Logger LOG = LoggerFactory.getLogger(GladlyRequestGate.class);

    private final GladlyRateLimitPacer pacer;
    private final Clock clock;
    private Instant notBefore = Instant.MIN;

    /**
     * @param pacer the rules that turn an answer into a wait
     * @param clock "now"
     */
    public GladlyRequestGate(GladlyRateLimitPacer pacer, Clock clock) {
        this.pacer = Objects.requireNonNull(pacer, "pacer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return milliseconds the next request must still wait, {@code >= 0} (0: go now) */
    public synchronized long millisToWait() {
        Duration left = Duration.between(clock.instant(), notBefore);
        return left.isNegative() ? 0 : left.toMillis();
    }

    /**
     * Takes the answer to a request into account.
     *
     * @param status the HTTP status
     * @param header the answer's headers by name (null when absent)
     * @return the wait it imposes on the next request
     */
    public Duration answered(int status, Function<String, String> header) {
        Duration wait = pacer.waitBeforeNext(status, header);
        if (!wait.isZero()) {
            Instant until = clock.instant().plus(wait);
            synchronized (this) {
                if (until.isAfter(notBefore)) {
                    notBefore = until;
                }
            }
            if (status == 429) {
                LOG.debug("Gladly answered 429: next request in {} ms", wait.toMillis());
            }
        }
        return wait;
    }
}
