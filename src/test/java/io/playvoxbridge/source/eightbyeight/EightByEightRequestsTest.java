package io.playvoxbridge.source.eightbyeight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.http.HttpStatusCheck;
import io.playvoxbridge.http.VendorHttpException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The headers each 8x8 call gets and how each answer is read, without HTTP. */
class EightByEightRequestsTest {

    final CamelContext camel = new DefaultCamelContext();
    final EightByEightTokenHolder tokens = new EightByEightTokenHolder(Clock.systemUTC(), Duration.ofSeconds(60));
    final EightByEightRequests requests = new EightByEightRequests(tokens, "client", "secret", "acme", "action",
            true, new HttpStatusCheck(Clock.systemUTC()));
    final Map<String, String> row = Map.of("interactionGuid", "int-1");

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    Exchange answered(int status, String body) {
        Exchange e = new DefaultExchange(camel);
        e.setProperty(EightByEightInteractionsFeed.ROW, row);
        e.setProperty(EightByEightRequests.GUID, "int-1");
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        return e;
    }

    @Test
    void an_augmentation_answer_is_masked_at_once_and_the_row_is_the_body_again() throws Exception {
        Exchange e = answered(200, "{\"interactionId\":\"int-1\",\"variables\":[{\"name\":\"_SSN\",\"value\":\"078-05-1120\","
                + "\"privacy\":true},{\"name\":\"_tier\",\"value\":\"Gold\"}]}");
        requests.augmentationAnswer(e);
        EightByEightAugmentation a = e.getProperty(EightByEightRequests.AUGMENTATION, EightByEightAugmentation.class);
        assertThat(a.variables()).extracting(EightByEightAugmentation.Variable::value).containsExactly("***", "Gold");
        assertThat(e.getMessage().getBody()).isEqualTo(row);
    }

    @Test
    void a_404_is_no_augmentation_and_a_400_a_dead_letter_reason() throws Exception {
        Exchange missing = answered(404, "{\"status\":\"error\",\"code\":404,\"message\":\"not found\"}");
        requests.augmentationAnswer(missing);
        assertThat(missing.getProperty(EightByEightRequests.AUGMENTATION)).isNull();
        assertThat(missing.getMessage().getBody()).isEqualTo(row);

        assertThatThrownBy(() -> requests.augmentationAnswer(answered(400,
                "{\"status\":\"error\",\"code\":400,\"message\":\"bad guid\"}")))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("(HTTP 400): bad guid");
    }

    @Test
    void a_429_is_retryable_after_its_retry_after_and_a_cut_answer_is_an_io_error_without_its_text() {
        Exchange limited = answered(429, "{\"status\":\"error\",\"code\":429,\"message\":\"Too many requests\"}");
        limited.getMessage().setHeader("Retry-After", "7");
        assertThatThrownBy(() -> requests.augmentationAnswer(limited)).isInstanceOfSatisfying(VendorHttpException.class,
                v -> {
                    assertThat(v.isRetryable()).isTrue();
                    assertThat(v.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                });
        assertThatThrownBy(() -> requests.augmentationAnswer(answered(200, "{\"variables\":[{\"name\":\"_SSN\",\"value\":\"078-05")))
                .isInstanceOf(EightByEightAnswerException.class).message().doesNotContain("078-05");
    }

    @Test
    void analytics_requests_carry_the_bearer_token_and_the_tenant_and_a_401_drops_the_token() throws Exception {
        tokens.accept("tok-1", Duration.ofMinutes(30));
        Exchange e = new DefaultExchange(camel);
        e.setProperty(EightByEightRequests.PATH, "/analytics/cc/v8/historical-metrics/detailed-reports");
        e.setProperty(EightByEightRequests.METHOD, "POST");
        e.setProperty(EightByEightRequests.BODY, "{}");
        e.getMessage().setHeader("CamelQuartzTrigger", "leaks");
        requests.analyticsRequest(e);
        assertThat(e.getMessage().getHeaders()).containsEntry("Authorization", "Bearer tok-1")
                .containsEntry(EightByEightApi.TENANT_HEADER, "acme").containsEntry(Exchange.HTTP_METHOD, "POST")
                .doesNotContainKey("CamelQuartzTrigger");

        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
        e.getMessage().setBody("{\"status\":401}");
        requests.analyticsAnswer(e);
        assertThat(e.getProperty(EightByEightRequests.TOKEN_REFUSED, Boolean.class)).isTrue();
        assertThat(e.getMessage().getHeaders()).doesNotContainKey("Authorization");
        assertThat(requests.needsToken()).isTrue();
        assertThatThrownBy(() -> requests.analyticsChecked(e)).isInstanceOf(VendorHttpException.class);
    }

    @Test
    void the_region_setting_gives_the_path_prefix() {
        assertThat(EightByEightFeeds.regionPrefix("us")).isEmpty();
        assertThat(EightByEightFeeds.regionPrefix("EU")).isEqualTo("/eu");
        assertThatThrownBy(() -> EightByEightFeeds.regionPrefix("mars"))
                .hasMessageContaining("eightbyeight.region");
    }

    @Test
    void a_replayed_dead_letter_gives_back_its_row_and_a_page_row_stays_as_it_is() throws Exception {
        EightByEightAugmentation augmentation = EightByEightAugmentation.parse(
                "{\"variables\":[{\"name\":\"_SSN\",\"value\":\"078-05-1120\",\"privacy\":true}]}");
        String payload = new EightByEightInteractionRecord(Map.of("interactionGuid", "int-1", "talkTime", "12"),
                augmentation).toString();
        assertThat(payload).startsWith("{\"row\":{").doesNotContain("078-05-1120");
        // what DeadLetterReplay hands the replay route: top-level fields, objects as JSON text
        Map<String, String> replayed = io.playvoxbridge.source.wolkvox.WolkvoxEnvelopeReader.record(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload));
        assertThat(EightByEightInteractionsFeed.row(replayed))
                .isEqualTo(Map.of("interactionGuid", "int-1", "talkTime", "12"));
        assertThat(EightByEightInteractionsFeed.row(row)).isEqualTo(row);
        assertThatThrownBy(() -> EightByEightInteractionsFeed.row(Map.of(
                io.playvoxbridge.source.wolkvox.WolkvoxEnvelopeReader.INVALID_KEY, "x")))
                .isInstanceOf(InvalidRecordException.class);
    }
}
