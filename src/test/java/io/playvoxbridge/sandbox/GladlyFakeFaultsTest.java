package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.source.gladly.GladlyClosedConversations;
import io.playvoxbridge.source.gladly.GladlyConversationEvent;
import io.playvoxbridge.source.gladly.GladlyEventReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault knobs of the Gladly fake, one test per knob, as a client sees them. */
class GladlyFakeFaultsTest {

    static final String USER = GladlyFakeTest.USER;
    static final String TOKEN = GladlyFakeTest.TOKEN;
    static final Instant T0 = GladlyFakeTest.T0;
    static final Instant FROM = T0.minus(Duration.ofHours(12));
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<GladlyFake> fakes = new ArrayList<>();
    GladlyFake fake;

    @AfterEach
    void stop() {
        fakes.forEach(GladlyFake::close);
    }

    GladlyFake start(GladlyFake.Faults faults) {
        GladlyFake started = new GladlyFake(GladlyFake.Options.defaults(USER, TOKEN)
                .withClock(new MutableClock(T0)).withRequestsPerSecond(100_000));
        started.faults(faults);
        started.start(0);
        fakes.add(started);
        fake = started;
        return started;
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery))
                .header("Authorization", GladlyFakeTest.basic(USER, TOKEN)).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> events() throws Exception {
        return get("/api/v1/events?startAt=" + GladlyFakeTest.q(FROM) + "&endAt=" + GladlyFakeTest.q(T0)
                + "&entities=CONVERSATION");
    }

    /** Sends {@code n} agent-list requests; returns each one's status, or -1 for a connection error. */
    List<Integer> statuses(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                out.add(get("/api/v1/agents").statusCode());
            } catch (Exception e) {
                out.add(-1);
            }
        }
        return out;
    }

    @Test
    void none_is_the_default_and_changes_nothing() throws Exception {
        start(GladlyFake.Faults.none());

        assertThat(fake.faults()).isEqualTo(GladlyFake.Faults.none());
        assertThat(statuses(20)).containsOnly(200);
        assertThat(events().body()).isEqualTo(String.join("\n", fake.eventLines(FROM, T0)) + "\n");
        assertThat(fake.malformedLineCount(FROM, T0)).isZero();
        assertThat(fake.injectedFaults()).containsOnly(Map.entry("connection_reset", 0), Map.entry("server_error", 0),
                Map.entry("rate_limit", 0), Map.entry("cut_answer", 0));
    }

    @Test
    void connection_reset_drops_the_connection_without_an_answer() {
        start(GladlyFake.Faults.none().withConnectionResetRate(1.0));

        assertThatThrownBy(() -> get("/api/v1/agents")).isInstanceOf(IOException.class);
        assertThat(fake.injectedFaults().get("connection_reset")).isPositive();
    }

    @Test
    void server_error_answers_500_with_an_error_list_and_the_rate_limit_headers() throws Exception {
        start(GladlyFake.Faults.none().withServerErrorRate(1.0));

        HttpResponse<String> response = get("/api/v1/agents");

        GladlyFakeTest.assertErrors(response, 500, null, "internal_error");
        assertThat(response.headers().firstValue("Ratelimit-Remaining-Second")).isPresent();
        assertThat(fake.injectedFaults().get("server_error")).isEqualTo(1);
    }

    @Test
    void rate_limit_answers_429_with_the_configured_retry_after_and_no_remaining_requests() throws Exception {
        start(GladlyFake.Faults.none().withRateLimit(1.0, 7));

        HttpResponse<String> response = get("/api/v1/events?startAt=" + GladlyFakeTest.q(FROM) + "&entities=CONVERSATION");

        GladlyFakeTest.assertErrors(response, 429, null, "rate_limited");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.headers().firstValue("Ratelimit-Limit-Second")).hasValue("100000");
        assertThat(response.headers().firstValue("Ratelimit-Remaining-Second")).hasValue("0");
        assertThat(fake.rateLimitRejections()).as("injected, not enforced").isZero();
        assertThat(fake.injectedFaults().get("rate_limit")).isEqualTo(1);
    }

    @Test
    void rates_hit_about_their_share_of_requests_and_the_same_requests_for_the_same_seed() {
        start(GladlyFake.Faults.none().withServerErrorRate(0.2).withRateLimit(0.1, 1));
        List<Integer> first = statuses(200);
        start(GladlyFake.Faults.none().withServerErrorRate(0.2).withRateLimit(0.1, 1));
        List<Integer> second = statuses(200);

        assertThat(second).isEqualTo(first);
        assertThat(first.stream().filter(s -> s == 500).count()).isBetween(25L, 60L);
        assertThat(first.stream().filter(s -> s == 429).count()).isBetween(8L, 35L);
    }

    @Test
    void latency_delays_every_answer() throws Exception {
        start(GladlyFake.Faults.none().withLatency(Duration.ofMillis(300)));

        long started = System.nanoTime();
        assertThat(get("/api/v1/agents").statusCode()).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void cut_answer_ends_the_body_half_way_so_the_client_sees_a_premature_end() {
        start(GladlyFake.Faults.none().withCutAnswerRate(1.0));

        assertThatThrownBy(this::events).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get("/api/v1/agents")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get("/api/v1/conversations/" + fake.conversationId(1) + "/items"))
                .isInstanceOf(IOException.class);
        assertThat(fake.injectedFaults().get("cut_answer")).isEqualTo(3);
    }

    @Test
    void cut_answer_spares_error_answers() throws Exception {
        start(GladlyFake.Faults.none().withCutAnswerRate(1.0));

        GladlyFakeTest.assertErrors(get("/api/v1/conversations/AAAAAAAAAAAAAAAAAAAAAA/items"), 404, null, "not_exist");
    }

    @Test
    void malformed_lines_break_a_share_of_events_in_four_ways_and_the_other_lines_stay_intact() throws Exception {
        start(GladlyFake.Faults.none().withMalformedLineRate(0.2));

        String body = events().body();
        List<GladlyEventReader.Line> lines = new ArrayList<>();
        try (GladlyEventReader reader = new GladlyEventReader(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), JSON)) {
            reader.forEachRemaining(lines::add);
        }
        int unparsable = 0;
        int missingConversation = 0;
        int impossibleDate = 0;
        GladlyClosedConversations window = new GladlyClosedConversations();
        for (GladlyEventReader.Line line : lines) {
            if (!line.wellFormed()) {
                unparsable++;
                continue;
            }
            try {
                window.accept(GladlyConversationEvent.of(line.event()));
            } catch (InvalidRecordException e) {
                if (e.getMessage().endsWith("missing content.conversationId")) {
                    missingConversation++;
                } else {
                    assertThat(e.getMessage()).contains("-02-30T");
                    impossibleDate++;
                }
            }
        }
        int malformed = fake.malformedLineCount(FROM, T0);

        assertThat(lines).hasSize(fake.eventLines(FROM, T0).size());
        assertThat(malformed).isBetween(lines.size() / 7, lines.size() / 4);
        assertThat(unparsable + missingConversation + impossibleDate).isEqualTo(malformed);
        assertThat(List.of(missingConversation, impossibleDate)).allMatch(n -> n > malformed / 8);
        assertThat(unparsable).isGreaterThan(malformed / 3);
        Set<String> delivered = new LinkedHashSet<>();
        window.closed().forEach(e -> delivered.add(e.conversationId()));
        assertThat(delivered).isEqualTo(fake.deliverableConversationIds(FROM, T0));
        assertThat(delivered.size()).isLessThan(fake.closedConversationIds(FROM, T0).size());
    }

    @Test
    void a_malformed_event_stays_malformed_in_every_answer_and_at_higher_rates() throws Exception {
        start(GladlyFake.Faults.none().withMalformedLineRate(0.1));
        List<String> low = fake.eventLines(FROM, T0);
        String again = events().body();
        fake.faults(GladlyFake.Faults.none().withMalformedLineRate(0.3));
        List<String> high = fake.eventLines(FROM, T0);
        fake.faults(GladlyFake.Faults.none());
        List<String> clean = fake.eventLines(FROM, T0);

        assertThat(again).isEqualTo(String.join("\n", low) + "\n");
        for (int i = 0; i < clean.size(); i++) {
            if (!low.get(i).equals(clean.get(i))) {
                assertThat(high.get(i)).isEqualTo(low.get(i));
            }
        }
        assertThat(clean).allSatisfy(line -> assertThat(JSON.readTree(line).isObject()).isTrue());
    }

    @Test
    void faults_come_after_the_login_check_and_the_enforced_limit() throws Exception {
        start(GladlyFake.Faults.none().withServerErrorRate(1.0).withConnectionResetRate(1.0));

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/api/v1/agents"))
                .build(), HttpResponse.BodyHandlers.ofString());

        GladlyFakeTest.assertErrors(anonymous, 401, null, "unauthorized");
        assertThat(fake.injectedFaults().values()).containsOnly(0);
    }

    @Test
    void refuses_rates_outside_zero_to_one() {
        assertThatThrownBy(() -> GladlyFake.Faults.none().withMalformedLineRate(1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GladlyFake.Faults.none().withRateLimit(0.1, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GladlyFake.Options.defaults(USER, TOKEN).withReopenRate(-0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GladlyFake.Options.defaults("a:b", TOKEN)).isInstanceOf(IllegalArgumentException.class);
    }
}
