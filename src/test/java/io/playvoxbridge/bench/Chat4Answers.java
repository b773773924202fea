package io.playvoxbridge.bench;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.source.wolkvox.WolkvoxChatTranslator;
import io.playvoxbridge.source.wolkvox.WolkvoxReportFeed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Realistic inputs for the benchmarks: a chat_4 answer ({@code {"code":200,...,"data":[...]}}) of the sandbox's fake
 * Wolkvox, generated with its record generator (fixed seed, every agent in the sandbox's agent directory), and the
 * translator the bridge builds for the wolkvox-chat feed. Not a benchmark itself.
 */
public final class Chat4Answers {

    /** The zone of the sandbox's Wolkvox dates (the default {@code wolkvox.time-zone}). */
    public static final ZoneId ZONE = ZoneId.of("America/Bogota");

    private Chat4Answers() {
    }

    /**
     * Starts a fake Wolkvox on a free loopback port, asks it for the whole history once, and stops it.
     *
     * @param records records in the answer ({@code >= 1})
     * @return the answer's bytes (UTF-8 JSON), {@code records} records
     * @throws IOException when the fake cannot be reached or answers other than 200
     * @throws InterruptedException when interrupted while waiting for the answer
     */
    public static byte[] answer(int records) throws IOException, InterruptedException {
        String token = "bench-token";
        WolkvoxFake fake = new WolkvoxFake(WolkvoxFake.Options.defaults(token).withZone(ZONE).withSeed(42)
                .withHistoryRecords(records).withRecordsPerMinute(0).withUnmappedAgentRate(0).withLateRate(0));
        try {
            fake.start(0);
            LocalDateTime now = LocalDateTime.now(ZONE);
            URI uri = URI.create(fake.baseUrl() + "/reports_manager.php?api=chat_4&date_ini="
                    + WolkvoxReportFeed.WOLKVOX_DATE.format(now.minusDays(2)) + "&date_end="
                    + WolkvoxReportFeed.WOLKVOX_DATE.format(now));
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .header("wolkvox-token", token).timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("fake Wolkvox answered " + response.statusCode());
            }
            return response.body();
        } finally {
            fake.close();
        }
    }

    /**
     * @return the wolkvox-chat translator as the bridge builds it: {@code integrations/wolkvox-chat.yaml} (read from
     *         the working directory, the project root), the sandbox's agent directory, no default assignee
     */
    public static WolkvoxChatTranslator translator() {
        IntegrationDefinition integration = IntegrationDefinitionLoader.load("integrations/wolkvox-chat.yaml");
        AgentDirectory agents = AgentDirectory.load("classpath:" + WolkvoxFake.SANDBOX_AGENTS_RESOURCE);
        return new WolkvoxChatTranslator(integration, agents, ZONE, null);
    }
}
