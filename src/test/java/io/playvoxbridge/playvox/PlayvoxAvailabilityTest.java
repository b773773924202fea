package io.playvoxbridge.playvox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.playvoxbridge.http.VendorHttpException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

/** Which failures say that Playvox is down, and how the breaker opens, refuses and closes again. */
class PlayvoxAvailabilityTest {

    static VendorHttpException playvox(int status) {
        return new VendorHttpException("playvox", status, "{}", null);
    }

    void fail(PlayvoxAvailability a, RuntimeException e) {
        assertThatThrownBy(() -> a.circuitBreaker().executeSupplier(() -> {
            throw e;
        })).isSameAs(e);
    }

    @Test
    void only_5xx_answers_of_playvox_and_network_errors_are_outages() {
        assertThat(PlayvoxAvailability.isOutage(playvox(503))).isTrue();
        assertThat(PlayvoxAvailability.isOutage(new RuntimeCamelException(new IOException("reset")))).isTrue();
        assertThat(PlayvoxAvailability.isOutage(playvox(429))).isFalse();
        assertThat(PlayvoxAvailability.isOutage(playvox(400))).isFalse();
        assertThat(PlayvoxAvailability.isOutage(new VendorHttpException("wolkvox", 500, "{}", null))).isFalse();
        assertThat(PlayvoxAvailability.isOutage(new IllegalStateException("bad record"))).isFalse();
    }

    @Test
    void by_default_one_request_that_failed_with_an_outage_opens_it_and_it_refuses_until_trial_requests_succeed() {
        PlayvoxAvailability a = new PlayvoxAvailability(100, 1, Duration.ofMillis(300));
        fail(a, playvox(400));
        fail(a, playvox(429));
        assertThat(a.isDown()).as("4xx and 429 are answers, not outages").isFalse();

        fail(a, new UncheckedIOException(new IOException("connection reset")));
        assertThat(a.isDown()).isTrue();
        assertThatThrownBy(() -> a.circuitBreaker().executeSupplier(() -> "ok"))
                .isInstanceOf(CallNotPermittedException.class)
                .satisfies(e -> assertThat(a.failedBecauseDown(new RuntimeCamelException(e))).isTrue());

        await().atMost(Duration.ofSeconds(5)).until(() -> !a.isDown()); // half-open after the open duration
        for (int i = 0; i < PlayvoxAvailability.HALF_OPEN_CALLS; i++) {
            assertThat(a.circuitBreaker().executeSupplier(() -> "ok")).isEqualTo("ok");
        }
        assertThat(a.circuitBreaker().getState().name()).isEqualTo("CLOSED");
    }

    @Test
    void an_outage_error_is_not_the_records_fault_even_before_the_breaker_records_it() {
        PlayvoxAvailability a = new PlayvoxAvailability(50, 20, Duration.ofSeconds(30));
        assertThat(a.isDown()).isFalse();
        assertThat(a.failedBecauseDown(playvox(502))).isTrue();
        assertThat(a.failedBecauseDown(playvox(429))).isFalse();
        assertThat(a.failedBecauseDown(playvox(422))).isFalse();
    }
}
