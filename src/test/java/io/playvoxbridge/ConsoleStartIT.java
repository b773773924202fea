package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.playvoxbridge.console.ConsoleMainListener;
import io.playvoxbridge.console.ConsoleUsers;
import io.playvoxbridge.console.HawtioConsole;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The console starts with the application: without users it warns once how to add one; a user added later logs in. */
class ConsoleStartIT {

    @TempDir
    Path dir;

    TestFakes fakes;
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger listenerLog = (Logger) LoggerFactory.getLogger(ConsoleMainListener.class);

    @BeforeEach
    void start() {
        fakes = TestFakes.start(WolkvoxFake.Options.defaults("t").withHistoryRecords(0),
                PlayvoxFake.Options.defaults("u", "k"));
        log.start();
        listenerLog.addAppender(log);
    }

    @AfterEach
    void stop() {
        listenerLog.detachAppender(log);
        fakes.close();
    }

    @Test
    void without_users_it_starts_warns_once_and_lets_a_user_added_later_log_in_without_a_restart() throws Exception {
        Path users = dir.resolve("console-users.properties");
        Map<String, String> s = fakes.settings(dir, Duration.ofHours(1));
        s.put("bridge.console.enabled", "true");
        s.put("bridge.console.port", "0");
        s.put("bridge.console.users-file", users.toString());

        try (BridgeTestApp app = BridgeTestApp.start(s)) {
            String url = await().atMost(Duration.ofMinutes(3))
                    .until(() -> app.bean(ConsoleMainListener.BEAN, HawtioConsole.class), Objects::nonNull).url();
            List<ILoggingEvent> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getFormattedMessage())
                    .contains("Console (Hawtio) at " + url, "no user can log in yet", "console add-user NAME");
            assertThat(log.list).noneMatch(e -> e.getFormattedMessage().contains("password"));

            String jolokia = url + "/jolokia/read/org.apache.camel:type=context,*";
            assertThat(get(jolokia, null).statusCode()).isIn(401, 403);
            assertThat(get(jolokia, "alice:pw-1").statusCode()).isIn(401, 403);

            ConsoleUsers.none().withUser("alice", "pw-1".toCharArray(), 1_000).write(users);

            HttpResponse<String> read = get(jolokia, "alice:pw-1");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains("\"CamelId\":\"playvox-bridge\"");
        }
    }

    static HttpResponse<String> get(String url, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
