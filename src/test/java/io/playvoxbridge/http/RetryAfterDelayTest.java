package io.playvoxbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Which failures the vendor-request routes retry, and how long a 429 waits. */
class RetryAfterDelayTest {

    final RetryAfterDelay delay = new RetryAfterDelay(Duration.ofSeconds(30));

    Exchange failedWith(Exception e) {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        ex.setException(e);
        return ex;
    }

    @Test
    void network_errors_429_and_5xx_are_retried_other_answers_are_not() {
        assertThat(delay.isRetryable(failedWith(new ConnectException("refused")))).isTrue();
        assertThat(delay.isRetryable(failedWith(new VendorHttpException("playvox", 429, "", null)))).isTrue();
        assertThat(delay.isRetryable(failedWith(new VendorHttpException("playvox", 503, "", null)))).isTrue();
        assertThat(delay.isRetryable(failedWith(new VendorHttpException("playvox", 400, "bad", null)))).isFalse();
        assertThat(delay.isRetryable(failedWith(new VendorHttpException("wolkvox", 403, "PLEASE VALIDATE TOKEN", null)))).isFalse();
        assertThat(delay.isRetryable(failedWith(new IllegalStateException("bug")))).isFalse();
    }

    @Test
    void a_429_waits_as_long_as_the_vendor_asks_but_never_longer_than_the_cap() {
        Exchange asked = failedWith(new VendorHttpException("playvox", 429, "", Duration.ofSeconds(7)));
        delay.process(asked);
        assertThat(asked.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class)).isEqualTo(7000L);

        Exchange tooLong = failedWith(new VendorHttpException("playvox", 429, "", Duration.ofHours(1)));
        delay.process(tooLong);
        assertThat(tooLong.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class)).isEqualTo(30_000L);
    }

    @Test
    void other_failures_leave_the_delay_to_the_exponential_backoff() {
        Exchange ex = failedWith(new VendorHttpException("playvox", 500, "", null));
        ex.getMessage().setHeader(Exchange.REDELIVERY_DELAY, 5000L);
        delay.process(ex);
        assertThat(ex.getMessage().getHeader(Exchange.REDELIVERY_DELAY)).isNull();
    }
}
