package io.playvoxbridge.source.wolkvox;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.Application;
import io.playvoxbridge.BridgeConfiguration;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.state.DeadLetter;
import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wolkvox-chat routes under camel-test-main-junit5, with the Quartz consumer replaced by a direct endpoint. */
class WolkvoxChatRouteTest extends CamelMainTestSupport {

    static final ZoneId ZONE = ZoneId.of("Asia/Manila");
    static WolkvoxFake wolkvox;
    static PlayvoxFake playvox;
    static Path stateDir;

    @BeforeAll
    static void startFakes() throws Exception {
        wolkvox = new WolkvoxFake(WolkvoxFake.Options.defaults("route-token").withZone(ZONE).withSeed(21)
                .withHistoryRecords(120).withHistorySpan(Duration.ofHours(3)).withRecordsPerMinute(0)
                .withUnmappedAgentRate(0.2).withLateRate(0));
        wolkvox.start(0);
        playvox = new PlayvoxFake(PlayvoxFake.Options.defaults("u", "k").withJobDuration(Duration.ofMillis(50)));
        playvox.start(0);
        stateDir = Files.createTempDirectory("wolkvox-chat-route-test");
    }

    @AfterAll
    static void stopFakes() {
        wolkvox.close();
        playvox.close();
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(BridgeConfiguration.class);
        // only this feed's routes file: the other feeds' files need their vendor's beans (the application leaves them
        // out through ActiveFeeds, which this test does not run)
        configuration.withRoutesIncludePattern(Application.routesIncludePattern());
        configuration.withRoutesExcludePattern("**/sources/eightbyeight-*.camel.yaml,**/sources/five9-*.camel.yaml,"
                + "**/sources/gladly-*.camel.yaml");
    }

    @Override
    public void configureContext(CamelContextConfiguration camelContextConfiguration) {
        super.configureContext(camelContextConfiguration);
        Properties p = new Properties();
        p.put("bridge.sandbox.enabled", "false");
        p.put("playvox.base-url", playvox.baseUrl());
        p.put("playvox.api-uid", "u");
        p.put("playvox.api-key", "k");
        p.put("wolkvox.base-url", wolkvox.baseUrl());
        p.put("wolkvox.token", "route-token");
        p.put("wolkvox.time-zone", ZONE.getId());
        p.put("wolkvox.chat.start-at", LocalDateTime.ofInstant(wolkvox.anchor().minus(Duration.ofHours(4)), ZONE)
                .truncatedTo(ChronoUnit.SECONDS).toString());
        p.put("bridge.state.jdbc-url", "jdbc:h2:file:" + stateDir.resolve("bridge").toAbsolutePath());
        p.put("bridge.agents-file", "classpath:" + WolkvoxFake.SANDBOX_AGENTS_RESOURCE);
        p.put("playvox.job.poll-interval", "20");
        p.put("playvox.rate-limit.requests-per-minute", "100000");
        camelContextConfiguration.withUseOverridePropertiesWithPropertiesComponent(p);
        camelContextConfiguration.replaceRouteFromWith("wolkvox-chat-poll", "direct:wolkvox-chat-poll");
    }

    @Test
    void unmapped_agents_become_dead_letters_with_their_reason_while_the_rest_flow_on_and_a_second_poll_sends_nothing() {
        List<Map<String, String>> source = wolkvox.visibleRecords(wolkvox.anchor().minus(Duration.ofHours(5)), Instant.now());
        long unmapped = source.stream().filter(r -> WolkvoxFake.UNMAPPED_AGENT_NAME.equals(r.get("agent_name"))).count();
        assertThat(unmapped).isPositive();

        template.sendBody("direct:wolkvox-chat-poll", null);

        List<DeadLetter> letters = context.getRegistry().lookupByNameAndType("deadLetterStore", DeadLetterStore.class)
                .list("wolkvox-chat", 1000);
        assertThat(letters).hasSize((int) unmapped).allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo("unmapped agent " + WolkvoxFake.UNMAPPED_AGENT_NAME);
            assertThat(d.routeId()).isEqualTo("wolkvox-chat-record");
            assertThat(d.interactionId()).startsWith("wolkvox-chat4-");
            assertThat(d.payload()).contains("\"agent_name\":\"" + WolkvoxFake.UNMAPPED_AGENT_NAME + "\"");
        });
        assertThat(playvox.interactions("wolkvox-chat")).hasSize(source.size() - (int) unmapped);
        assertThat(context.getRegistry().lookupByNameAndType("watermarkStore", WatermarkStore.class)
                .get("wolkvox-chat")).isPresent();

        int bulkRequests = playvox.bulkSizes().size();
        template.sendBody("direct:wolkvox-chat-poll", null); // reaches back by the lookback only: nothing new
        assertThat(playvox.bulkSizes()).hasSize(bulkRequests);
    }
}
