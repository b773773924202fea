package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.fail;

import io.playvoxbridge.console.ConsoleMainListener;
import io.playvoxbridge.console.ConsoleUsers;
import io.playvoxbridge.console.HawtioConsole;
import io.playvoxbridge.sandbox.GladlyFake;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hawtio console of the real application, in headless Chromium ({@code src/test/browser/console-check.js}):
 * refused without login, each feed's routes listed with their exchange counts, the Quartz triggers, a screenshot in
 * {@code target/console-browser/}; and no secret in the pages visited nor in what Jolokia lets a user read.
 * Needs chromium, node and the script's npm packages ({@code bash .ci/run} installs them), unless
 * {@code -Dconsole.browser.skip=true}.
 */
class ConsoleBrowserIT {

    static final Path SCRIPT = Path.of("src/test/browser/console-check.js");
    static final Path OUT = Path.of("target/console-browser");
    static final List<String> FEEDS = List.of("wolkvox-chat", "wolkvox-survey", "wolkvox-conversations",
            "gladly-conversations");
    static final String USER = "operator-it";
    // distinctive values, to be found nowhere in the console
    static final String CONSOLE_PASSWORD = "console-pw-Zq81xK";
    static final String PLAYVOX_KEY = "playvox-key-SECRET-93ab7f";
    static final String WOLKVOX_TOKEN = "wolkvox-token-SECRET-7c1e55";
    static final String GLADLY_TOKEN = "gladly-token-SECRET-2b90d4";
    static final String STATE_PASSWORD = "state-pw-SECRET-4d2f61";
    static final List<String> SECRETS = List.of(CONSOLE_PASSWORD, PLAYVOX_KEY, WOLKVOX_TOKEN, GLADLY_TOKEN, STATE_PASSWORD);

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void the_console_refuses_without_login_shows_every_feeds_routes_with_counts_and_no_secret() throws Exception {
        requireBrowserTools();
        Path usersFile = dir.resolve("console-users.properties");
        // few iterations: each Basic-auth Jolokia request of this test hashes the password once
        ConsoleUsers.none().withUser(USER, CONSOLE_PASSWORD.toCharArray(), 1_000).write(usersFile);

        WolkvoxFake wolkvox = new WolkvoxFake(WolkvoxFake.Options.defaults(WOLKVOX_TOKEN).withSeed(5)
                .withHistoryRecords(20).withHistorySpan(Duration.ofHours(6)).withRecordsPerMinute(0));
        GladlyFake gladly = new GladlyFake(GladlyFake.Options.defaults("it-user", GLADLY_TOKEN).withSeed(5)
                .withHistory(10, Duration.ofHours(2)).withConversationsPerMinute(0));
        PlayvoxFake playvox = new PlayvoxFake(PlayvoxFake.Options.defaults("it-uid", PLAYVOX_KEY)
                .withJobDuration(Duration.ofMillis(50)));
        try (AutoCloseable fakes = startAll(wolkvox, gladly, playvox)) {
            Map<String, String> s = BridgeTestApp.settings(wolkvox, WOLKVOX_TOKEN, playvox, "it-uid", PLAYVOX_KEY, dir);
            s.put("wolkvox.survey.enabled", "true");
            s.put("wolkvox.survey.cron", "0 0 0 1 1 ? 2099");
            s.put("wolkvox.conversations.enabled", "true");
            s.put("wolkvox.conversations.cron", "0 0 0 1 1 ? 2099");
            s.put("gladly.base-url", gladly.baseUrl());
            s.put("gladly.username", "it-user");
            s.put("gladly.api-token", GLADLY_TOKEN);
            s.put("gladly.conversations.cron", "0 0 0 1 1 ? 2099");
            s.put("bridge.state.password", STATE_PASSWORD);
            s.put("bridge.console.enabled", "true");
            s.put("bridge.console.port", "0");
            s.put("bridge.console.users-file", usersFile.toString());

            try (BridgeTestApp app = BridgeTestApp.start(s)) {
                for (String feed : FEEDS) {
                    assertThat(app.pollNow(feed + "-poll", 180)).as("poll of %s", feed).isTrue();
                }
                String url = await().atMost(Duration.ofMinutes(3))
                    .until(() -> app.bean(ConsoleMainListener.BEAN, HawtioConsole.class), Objects::nonNull).url();

                assertJolokiaRefusesWithoutLogin(url);
                assertNoSecretInJolokiaAnswers(url);
                runBrowserCheck(url);
            }
        }
    }

    void assertJolokiaRefusesWithoutLogin(String url) throws Exception {
        HttpResponse<String> anonymous = get(url + "/jolokia/read/java.lang:type=Runtime/SystemProperties", null);
        assertThat(anonymous.statusCode()).isIn(401, 403);
        HttpResponse<String> wrong = get(url + "/jolokia/read/java.lang:type=Runtime/SystemProperties", "wrong-password");
        assertThat(wrong.statusCode()).isIn(401, 403);
    }

    /** Everything a user can read about Camel, and the JVM's system properties and arguments. */
    void assertNoSecretInJolokiaAnswers(String url) throws Exception {
        String search = body(get(url + "/jolokia/search/org.apache.camel:*", CONSOLE_PASSWORD));
        for (String feed : FEEDS) {
            assertThat(search).contains("name=\\\"" + feed + "-poll\\\"");
        }
        List<String> answers = new ArrayList<>(List.of(search,
                body(get(url + "/jolokia/read/org.apache.camel:*?ignoreErrors=true", CONSOLE_PASSWORD)),
                body(get(url + "/jolokia/read/org.apache.camel:context=playvox-bridge,type=context,name=%22playvox-bridge%22",
                        CONSOLE_PASSWORD)),
                body(get(url + "/jolokia/read/java.lang:type=Runtime", CONSOLE_PASSWORD)),
                body(get(url + "/jolokia/read/quartz:*?ignoreErrors=true", CONSOLE_PASSWORD))));
        assertThat(answers.get(1)).contains("authPassword=xxxxxx"); // the Playvox endpoint is there, masked by Camel
        assertThat(answers.get(2)).contains("\"CamelId\":\"playvox-bridge\"");
        assertThat(answers.get(3)).contains("hawtio.realm");
        for (String answer : answers) {
            assertNoSecret(answer, "a Jolokia answer");
        }
    }

    void runBrowserCheck(String url) throws Exception {
        Files.createDirectories(OUT);
        Path screenshot = OUT.resolve("camel-routes.png");
        Files.deleteIfExists(screenshot);
        List<String> command = new ArrayList<>(List.of("node", SCRIPT.toString(), url, USER, CONSOLE_PASSWORD,
                screenshot.toString()));
        command.addAll(FEEDS);
        Path log = OUT.resolve("console-check.log");
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!node.waitFor(8, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            fail("console-check.js did not end within 8 minutes; its output so far:%n%s", Files.readString(log));
        }
        String output = Files.readString(log);
        assertThat(node.exitValue()).as("console-check.js output:%n%s", output).isZero();
        assertThat(output).contains("OK refused without login: Jolokia answered", "OK refused without login: the routes page redirected to /hawtio/login",
                "OK Quartz triggers listed", "console check passed");
        for (String feed : FEEDS) {
            assertThat(output).containsPattern("OK routes of " + feed + ": " + feed + "-poll completed=\\d+ total=[1-9]\\d*");
        }
        assertThat(screenshot).isNotEmptyFile();
        try (Stream<Path> pages = Files.list(OUT.resolve("pages"))) {
            List<Path> visited = pages.toList();
            assertThat(visited).extracting(p -> p.getFileName().toString())
                    .contains("login.html", "camel-routes.html", "camel-routes.txt", "quartz-triggers.html");
            for (Path page : visited) {
                assertNoSecret(Files.readString(page), "the console page " + page);
            }
        }
        assertNoSecret(output, "the browser check's output");
    }

    static void assertNoSecret(String text, String where) {
        for (String secret : SECRETS) {
            if (text.contains(secret)) {
                fail("a secret value appears in %s", where);
            }
        }
    }

    HttpResponse<String> get(String url, String password) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2));
        if (password != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String body(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(200);
        assertThat(response.body()).as("%s", response.uri()).doesNotContain("\"error_type\"");
        return response.body();
    }

    static AutoCloseable startAll(WolkvoxFake wolkvox, GladlyFake gladly, PlayvoxFake playvox) {
        wolkvox.start(0);
        gladly.start(0);
        playvox.start(0);
        return () -> {
            wolkvox.close();
            gladly.close();
            playvox.close();
        };
    }

    /** Fails in one line saying how to install what is missing, or skips with -Dconsole.browser.skip=true. */
    static void requireBrowserTools() {
        Assumptions.assumeFalse(Boolean.getBoolean("console.browser.skip"), "console.browser.skip=true");
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            missing.add("chromium (/usr/bin/chromium)");
        }
        if (!onPath("node")) {
            missing.add("node");
        }
        if (!Files.isDirectory(SCRIPT.resolveSibling("node_modules").resolve("playwright-core"))) {
            missing.add("the npm packages of src/test/browser");
        }
        if (missing.isEmpty()) {
            return;
        }
        fail("ConsoleBrowserIT needs " + String.join(", ", missing)
                + ": run `bash .ci/run` (it installs them), or skip with -Dconsole.browser.skip=true");
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
