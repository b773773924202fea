package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.playvoxbridge.feed.FeedRecord;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.Interaction;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.source.wolkvox.WolkvoxChatFeed;
import io.playvoxbridge.state.DeliveryLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Playvox sink routes on their own: batch size and the batch timeout, with records sent straight to the Aggregator. */
class PlayvoxSinkIT {

    @TempDir
    Path stateDir;
    WolkvoxFake wolkvox;
    PlayvoxFake playvox;

    @BeforeEach
    void startFakes() {
        wolkvox = new WolkvoxFake(WolkvoxFake.Options.defaults("t").withHistoryRecords(0).withRecordsPerMinute(0));
        wolkvox.start(0);
        playvox = new PlayvoxFake(PlayvoxFake.Options.defaults("u", "k").withJobDuration(Duration.ofMillis(50)));
        playvox.start(0);
    }

    @AfterEach
    void stopFakes() {
        wolkvox.close();
        playvox.close();
    }

    static FeedRecord record(int i) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("channel", "Email");
        metadata.put("case_id", String.valueOf(i));
        metadata.put("date_creation", "2026-11-21T09:30:00-05:00");
        return new FeedRecord("wolkvox-chat", "wolkvox-chat", "no-window",
                new Interaction("sink-it-" + i, "maria.rodriguez@sandbox.playvox.test", metadata),
                List.of(new Comment("¿Dónde está mi pedido? 📦", CommentType.CUSTOMER_COMMENT, "cliente@example.com", null)),
                "{}");
    }

    @Test
    void batches_complete_at_the_configured_size_and_a_partial_batch_leaves_after_the_batch_timeout() throws Exception {
        Map<String, String> s = BridgeTestApp.settings(wolkvox, "t", playvox, "u", "k", stateDir);
        s.put("playvox.bulk.batch-size", "10");
        s.put("playvox.bulk.batch-timeout", "1500");
        try (BridgeTestApp app = BridgeTestApp.start(s)) {
            app.bean("wolkvoxChatFeed", WolkvoxChatFeed.class).planWindows(); // sets the integration up
            ProducerTemplate template = app.camel().createProducerTemplate();
            for (int i = 0; i < 25; i++) {
                FeedRecord r = record(i);
                template.send("direct:playvox-aggregate", ex -> {
                    ex.setProperty("bridgeIntegration", "wolkvox-chat");
                    ex.getMessage().setBody(r);
                });
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> playvox.bulkSizes().size() == 2);
            assertThat(playvox.bulkSizes()).containsExactly(10, 10); // the last 5 wait for more, or for the timeout

            await().atMost(Duration.ofSeconds(10)).until(() -> playvox.bulkSizes().size() == 3);
            assertThat(playvox.bulkSizes()).containsExactly(10, 10, 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> playvox.interactions("wolkvox-chat").stream()
                    .filter(i -> i.comments().size() == 1).count() == 25);
            DeliveryLog log = app.bean("deliveryLog", DeliveryLog.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> log.count("wolkvox-chat") == 25);
            assertThat(log.find("wolkvox-chat", "sink-it-24")).hasValueSatisfying(e -> {
                assertThat(e.playvoxId()).isNotBlank();
            });
        }
    }
}
