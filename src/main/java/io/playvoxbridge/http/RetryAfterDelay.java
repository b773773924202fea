package io.playvoxbridge.http;

import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code onExceptionOccurred} processor of the retrying route configuration: when a vendor answered 429 with
 * a {@code Retry-After} or {@code X-RateLimit-Reset}, the next redelivery waits that long (capped); otherwise the
 * redelivery policy's exponential backoff applies. Sets or clears Camel's {@code CamelRedeliveryDelay} header,
 * which the redelivery error handler reads before each redelivery.
 */
public final class RetryAfterDelay implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryAfterDelay.class);

    private final Duration cap;

    /** @param cap the longest wait honoured, however long the vendor asks */
    public RetryAfterDelay(Duration cap) {
        this.cap = cap;
    }

    /**
     * The retry predicate of the vendor-request route configuration.
     *
     * @param exchange the failed exchange
     * @return true for network errors ({@link java.io.IOException}) and for 429 and 5xx answers, also when wrapped
     *         (the Circuit Breaker EIP wraps checked exceptions)
     */
    public boolean isRetryable(Exchange exchange) {
        Throwable error = exchange.getException();
        if (error == null) {
            error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VendorHttpException v) {
                return v.isRetryable();
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** @param exchange the failed exchange; its caught exception decides the next delay */
    @Override
    public void process(Exchange exchange) {
        Throwable error = exchange.getException();
        if (error == null) {
            error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        if (error instanceof VendorHttpException v && v.getStatus() == 429 && v.retryAfter() != null) {
            Duration wait = v.retryAfter().compareTo(cap) > 0 ? cap : v.retryAfter();
            // at least a little, so a Retry-After of 0 does not spin
            long millis = Math.max(100, wait.toMillis());
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, millis);
            LOG.warn("{} rate limit (429): waiting {} ms as it asked before retrying", v.getVendor(), millis);
        } else {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }
}
