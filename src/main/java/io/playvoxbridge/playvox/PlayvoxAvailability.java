package io.playvoxbridge.playvox;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.playvoxbridge.http.VendorHttpException;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Playvox is answering, as the Resilience4j circuit breaker of the {@code playvox-request} route's Circuit
 * Breaker EIP sees it ({@code routes/common/playvox-sink.camel.yaml}). The breaker wraps each Playvox request with
 * its retries; a request that failed all its retries with 5xx answers or network errors (resets, timeouts, refused
 * connections) counts as a failure, every other outcome (2xx, 4xx, 429 past its retries) as a success, because only
 * the former says that Playvox is down.
 *
 * <p>When the failure rate over the last {@code playvox.circuit-breaker.window} requests (default 1) reaches
 * {@code playvox.circuit-breaker.failure-rate} percent (default 100), the breaker opens: so by default, one request
 * that failed all its retries with outage errors opens it. While open, requests fail at once with
 * {@link CallNotPermittedException} and feed polls are skipped ({@link #isDown()}). Work cut short by an outage (a
 * request refused by the breaker, or one that failed all its retries with 5xx or network errors, whatever the
 * breaker's state) is not dead-lettered ({@link #failedBecauseDown(Throwable)}) but left uncommitted and reconciled
 * at the next poll.
 * After {@code playvox.circuit-breaker.open-duration} it lets {@value #HALF_OPEN_CALLS} trial requests through
 * (half-open); if they succeed it closes and the feeds resume, otherwise it opens again.
 *
 * <p>Playvox's error answers are those of api-facts 1.8 (https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems);
 * it documents no outage signal of its own, so 5xx and network errors are taken as one.
 *
 * <p>The price of this choice: a request that Playvox answers with 5xx every time because of its content (not an
 * outage) is never dead-lettered; it is retried at every poll and logged each time.
 */
public final class PlayvoxAvailability {

    private static final Logger LOG = LoggerFactory.getLogger(PlayvoxAvailability.class);

    /** Trial calls let through when the open duration has passed. */
    public static final int HALF_OPEN_CALLS = 3;

    private final CircuitBreaker breaker;

    /**
     * @param failureRatePercent failure rate (1-100) at which the breaker opens
     * @param window             how many recent requests the rate is computed over (at least 1); the breaker never
     *                           opens before that many requests were made
     * @param openDuration       how long the breaker stays open before trial requests
     */
    public PlayvoxAvailability(int failureRatePercent, int window, Duration openDuration) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(window)
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(openDuration)
                .permittedNumberOfCallsInHalfOpenState(HALF_OPEN_CALLS)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(PlayvoxAvailability::isOutage)
                .build();
        this.breaker = CircuitBreaker.of("playvox", config);
        breaker.getEventPublisher().onStateTransition(e -> {
            switch (e.getStateTransition().getToState()) {
                case OPEN -> LOG.warn("Playvox circuit breaker OPEN: requests failed all their retries with 5xx or "
                        + "network errors ({}% of the last {} request(s)); feed polls pause and nothing is "
                        + "dead-lettered for it; trial requests in {} s", failureRatePercent, window,
                        openDuration.toSeconds());
                case HALF_OPEN -> LOG.info("Playvox circuit breaker HALF_OPEN: trying {} request(s)", HALF_OPEN_CALLS);
                case CLOSED -> LOG.info("Playvox circuit breaker CLOSED: Playvox answers again, feed polls resume");
                default -> LOG.info("Playvox circuit breaker {}", e.getStateTransition().getToState());
            }
        });
    }

    /** @return the Resilience4j breaker, bound as {@code playvoxCircuitBreaker} for the Circuit Breaker EIP */
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** @return true while the breaker is open: Playvox calls fail at once and feed polls are skipped */
    public boolean isDown() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * Whether a piece of work failed because Playvox is down, not because of its record. This does not depend on the
     * breaker's state at the moment of asking: requests that fail together (several batches at once) are recorded
     * by the breaker one after the other, so the state seen by the first of them may still be closed.
     *
     * @param error why a piece of work failed (any wrapping)
     * @return true when the breaker refused the request, or the request failed all its retries with an outage
     *         error (a 5xx answer of Playvox, or a network error)
     */
    public boolean failedBecauseDown(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CallNotPermittedException) {
                return true;
            }
        }
        return isOutage(error);
    }

    /**
     * @param error a failed call's error (any wrapping)
     * @return true for errors that say Playvox is down: a 5xx answer of Playvox or a network error
     */
    public static boolean isOutage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VendorHttpException v) {
                return v.getStatus() >= 500 && "playvox".equals(v.getVendor());
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
