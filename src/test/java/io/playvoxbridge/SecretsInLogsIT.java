package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * No secret value reaches the log: the application runs a poll (with vendor faults, so retries and errors are
 * logged too) with distinctive secrets for Wolkvox's token, Playvox's API key and the state database's password,
 * and every log event of the run (message, arguments, stack traces, MDC), in text and in the JSON form that
 * {@code LOG_FORMAT=json} selects, is searched for them.
 */
class SecretsInLogsIT {

    static final String WOLKVOX_TOKEN = "wolkvox-token-S3CRET-7f3a";
    static final String PLAYVOX_KEY = "playvox-key-S3CRET-91c2";
    static final String STATE_PASSWORD = "state-pw-S3CRET-0d8e";

    @TempDir
    Path stateDir;

    @Test
    void secrets_are_not_in_the_log_of_a_run_with_faults() throws Exception {
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        events.setContext(logging);
        events.start();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(events);
        TestFakes fakes = TestFakes.start(WolkvoxFake.Options.defaults(WOLKVOX_TOKEN).withZone(ZoneId.of("America/Bogota"))
                        .withSeed(5).withHistoryRecords(120).withHistorySpan(Duration.ofHours(2)).withRecordsPerMinute(0),
                PlayvoxFake.Options.defaults("uid-1", PLAYVOX_KEY));
        try {
            fakes.wolkvox().faults(WolkvoxFake.Faults.none().withServerErrorRate(0.3));
            fakes.playvox().faults(PlayvoxFake.Faults.none().withServerErrorRate(0.2));
            Map<String, String> s = fakes.settings(stateDir, Duration.ofHours(3));
            s.put("bridge.state.password", STATE_PASSWORD);
            try (BridgeTestApp app = BridgeTestApp.start(s)) {
                assertThat(app.pollNow("wolkvox-chat-poll", 120)).isTrue();
            }
        } finally {
            fakes.close();
            root.detachAppender(events);
        }
        List<ILoggingEvent> logged = List.copyOf(events.list);
        assertThat(logged).hasSizeGreaterThan(50);
        JsonEncoder json = new JsonEncoder();
        json.setContext(logging);
        json.setWithFormattedMessage(true);
        json.start();
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent e : logged) {
            all.append(e.getFormattedMessage()).append('\n').append(e.getMDCPropertyMap()).append('\n');
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            all.append(new String(json.encode(e), StandardCharsets.UTF_8));
        }
        // the run did log its settings (the secret keys among them, masked), retries and vendor errors
        assertThat(all).contains("wolkvox-chat window [", "playvox.api-key = xxxxxx", "wolkvox.token = xxxxxx");
        assertThat(all.toString()).doesNotContain(WOLKVOX_TOKEN).doesNotContain(PLAYVOX_KEY).doesNotContain(STATE_PASSWORD);
    }
}
