package io.playvoxbridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Status classification and the wait a vendor asks for. */
class HttpStatusCheckTest {

    final Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    final HttpStatusCheck check = new HttpStatusCheck(clock);

    Exchange answer(int status, String body) {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        ex.getMessage().setBody(body);
        return ex;
    }

    @Test
    void a_2xx_answer_passes() throws Exception {
        check.check(answer(201, "{}"), "playvox");
    }

    @Test
    void a_429_with_retry_after_seconds_is_retryable_after_that_wait() {
        Exchange ex = answer(429, "{\"success\":false}");
        ex.getMessage().setHeader("Retry-After", "7");
        VendorHttpException e = catchThrowableOfType(VendorHttpException.class, () -> check.check(ex, "playvox"));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.getMessage()).contains("playvox answered HTTP 429");
    }

    @Test
    void x_ratelimit_reset_in_epoch_seconds_gives_the_wait_until_then() {
        Exchange ex = answer(429, "");
        ex.getMessage().setHeader("X-RateLimit-Reset", String.valueOf(clock.instant().getEpochSecond() + 30));
        VendorHttpException e = catchThrowableOfType(VendorHttpException.class, () -> check.check(ex, "playvox"));
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void server_errors_are_retryable_and_other_client_errors_are_not() {
        assertThat(catchThrowableOfType(VendorHttpException.class, () -> check.check(answer(503, ""), "x")).isRetryable()).isTrue();
        assertThat(catchThrowableOfType(VendorHttpException.class, () -> check.check(answer(400, "bad"), "x")).isRetryable()).isFalse();
        assertThat(catchThrowableOfType(VendorHttpException.class, () -> check.check(answer(401, ""), "x")).isRetryable()).isFalse();
    }
}
