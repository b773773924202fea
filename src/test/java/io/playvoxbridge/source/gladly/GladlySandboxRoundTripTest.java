package io.playvoxbridge.source.gladly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.TranslatedInteraction;
import io.playvoxbridge.sandbox.GladlyFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A paced client reads an hour of the Gladly sandbox over HTTP and translates every closed conversation. */
class GladlySandboxRoundTripTest {

    private static final String USER = "api.user@sandbox.gladly.test";
    private static final String TOKEN = "round-trip-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final GladlyRateLimitPacer pacer = new GladlyRateLimitPacer(Clock.systemUTC());
    private GladlyFake fake;
    private int requests;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    /** GET with Basic auth, waiting first as the pacer said after the previous answer. */
    private HttpResponse<InputStream> get(String pathAndQuery, Duration[] wait) throws Exception {
        if (!wait[0].isZero()) {
            Thread.sleep(wait[0].toMillis());
        }
        String basic = Base64.getEncoder().encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofInputStream());
        requests++;
        wait[0] = pacer.waitBeforeNext(response.statusCode(), name -> response.headers().firstValue(name).orElse(null));
        assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(200);
        return response;
    }

    @Test
    void every_closed_conversation_becomes_one_interaction_or_an_unmapped_agent_dead_letter_within_the_limit()
            throws Exception {
        fake = new GladlyFake(GladlyFake.Options.defaults(USER, TOKEN).withEventLag(Duration.ZERO)
                .withHistory(240, Duration.ofHours(4)).withUnmappedAgentRate(0.1).withReopenRate(0.3));
        fake.start(0);
        Instant to = fake.anchor();
        Instant from = to.minus(Duration.ofMinutes(90)).truncatedTo(ChronoUnit.SECONDS);
        Duration[] wait = {Duration.ZERO};

        GladlyClosedConversations window = new GladlyClosedConversations();
        try (InputStream body = get("/api/v1/events?startAt=" + from + "&endAt=" + to + "&entities=CONVERSATION", wait)
                .body(); GladlyEventReader reader = new GladlyEventReader(body, JSON)) {
            reader.forEachRemaining(line -> window.accept(GladlyConversationEvent.of(line.event())));
        }
        List<GladlyAgents.Agent> agentList;
        try (InputStream body = get("/api/v1/agents", wait).body()) {
            agentList = GladlyAgents.parse(JSON.readTree(body));
        }
        GladlyConversationTranslator translator = new GladlyConversationTranslator(
                IntegrationDefinitionLoader.load("integrations/gladly-conversations.yaml"),
                AgentDirectory.load("classpath:sandbox/agents.csv"), GladlyAgents.of(agentList), null);
        Map<String, TranslatedInteraction> delivered = new LinkedHashMap<>();
        List<String> deadLetters = new ArrayList<>();
        for (GladlyConversationEvent closed : window.closed()) {
            HttpResponse<InputStream> items = get("/api/v1/conversations/"
                    + URLEncoder.encode(closed.conversationId(), StandardCharsets.UTF_8) + "/items", wait);
            try (InputStream body = items.body()) {
                boolean limited = items.headers().firstValue("Gladly-Limited-Data").map("true"::equals).orElse(false);
                delivered.put(closed.conversationId(), translator.translate(closed, JSON.readTree(body), limited));
            } catch (InvalidRecordException e) {
                assertThat(e.getMessage()).startsWith("unmapped agent " + GladlyFake.UNMAPPED_AGENT_ID);
                deadLetters.add(closed.conversationId());
            }
        }

        Set<String> expected = fake.deliverableConversationIds(from, to);
        assertThat(window.closed()).extracting(GladlyConversationEvent::conversationId)
                .containsExactlyElementsOf(expected);
        assertThat(expected).hasSizeGreaterThan(15);
        assertThat(deadLetters).isNotEmpty().allMatch(id -> fake.agentIdOf(id).equals(GladlyFake.UNMAPPED_AGENT_ID));
        assertThat(delivered.keySet()).allMatch(id -> !fake.agentIdOf(id).equals(GladlyFake.UNMAPPED_AGENT_ID));
        assertThat(delivered.size() + deadLetters.size()).isEqualTo(expected.size());
        assertThat(delivered.values()).allSatisfy(t -> {
            assertThat(t.interaction().assigneeId()).isIn(WolkvoxFake.sandboxPlayvoxUsers());
            assertThat(t.interaction().metadata()).containsKeys("conversation_id", "closed_at", "started_at", "channel");
        });
        assertThat(delivered.values()).filteredOn(t -> !t.interaction().metadata().get("channel").equals("VOICE"))
                .allSatisfy(t -> assertThat(t.comments()).hasSizeGreaterThanOrEqualTo(2));
        assertThat(delivered.values()).anySatisfy(t ->
                assertThat(t.interaction().metadata()).containsEntry("times_closed", 2L));
        assertThat(fake.requestCount()).isEqualTo(requests);
        assertThat(fake.rateLimitRejections()).as("the pacer kept the client within 10 a second").isZero();
        assertThat(fake.peakRequestsPerSecond()).isLessThanOrEqualTo(10);
    }
}
