package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.source.eightbyeight.EightByEightReportRequest;
import io.playvoxbridge.source.eightbyeight.EightByEightSandboxClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;

/** Shared setup of the 8x8 fake tests: a fake on a test clock and a client built from the feed's helpers. */
abstract class EightByEightFakeTestBase {

    static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");
    static final Instant DAY_AGO = T0.minus(Duration.ofDays(1));
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(T0);
    EightByEightFake fake;
    EightByEightSandboxClient client;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    EightByEightFake.Options.Builder options() {
        return EightByEightFake.Options.defaults().toBuilder().clock(clock);
    }

    EightByEightFake start(EightByEightFake.Options options) {
        fake = new EightByEightFake(options);
        fake.start(0);
        client = client(null);
        return fake;
    }

    EightByEightSandboxClient client(String tenantHeader) {
        EightByEightFake.Options o = EightByEightFake.Options.defaults();
        return new EightByEightSandboxClient(fake.apiBaseUrl(), fake.augmentationBaseUrl(), o.clientId(),
                o.clientSecret(), o.tenantId(), o.actionToken(), clock, tenantHeader);
    }

    HttpResponse<String> raw(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.apiBaseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build());
    }

    /** @return a {@code Bearer} header with a fresh token, taken with the fake's faults as they are */
    String bearerToken() throws Exception {
        return "Bearer " + json(client.requestToken()).get("access_token").asText();
    }

    /** @return the create body of a report over the last day */
    String body() {
        return createBody(DAY_AGO, T0);
    }

    static String createBody(Instant from, Instant to) {
        return EightByEightReportRequest.forWindow(from, to, NEW_YORK).toJsonText();
    }

    /** @return the guid of the {@code index}-th interaction of the last day */
    String guidOf(int index) {
        return fake.visibleInteractions(DAY_AGO, T0, NEW_YORK).get(index).get("interactionGuid");
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("message").asText()).isEqualTo(message);
    }

    static void assertAugmentationError(HttpResponse<String> response, int status, String message) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(json(response)).isEqualTo(JSON.createObjectNode().put("status", "error").put("code", status)
                .put("message", message));
    }
}
