package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.cli.CommandRun;
import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code setup}: the difference first, nothing created with --dry-run, created without it, nothing to do after. */
class SetupCommandIT {

    static final String UID = "setup-uid";
    static final String KEY = "setup-key";

    @TempDir
    Path stateDir;

    TestFakes fakes;

    @BeforeEach
    void startFakes() {
        fakes = TestFakes.start(WolkvoxFake.Options.defaults("setup-token").withHistoryRecords(0).withRecordsPerMinute(0),
                PlayvoxFake.Options.defaults(UID, KEY));
    }

    @AfterEach
    void stopFakes() {
        fakes.close();
    }

    @Test
    void dry_run_shows_the_difference_then_setup_creates_it_then_there_is_nothing_to_do() {
        Map<String, String> s = fakes.settings(stateDir, Duration.ofHours(1));
        s.put("wolkvox.survey.enabled", "true"); // two integrations: wolkvox-chat and wolkvox-survey

        CommandRun dryRun = CommandRun.of(s, "setup", "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.outLines()).anyMatch(l -> l.startsWith("integration 'wolkvox-chat': missing in Playvox, "
                + "would be created with metadata field(s) channel, case_id,"));
        assertThat(dryRun.outLines()).anyMatch(l -> l.startsWith("integration 'wolkvox-survey': missing in Playvox"));
        assertThat(dryRun.outLines()).last().asString().startsWith("dry run: nothing created (2 integration(s)");
        assertThat(fakes.playvox().integrationsCreated()).isZero();
        assertThat(fakes.playvox().metadataFieldsCreated()).isZero();
        assertThat(fakes.playvox().requestLog()).allMatch(r -> r.method().equals("GET"));

        CommandRun apply = CommandRun.of(s, "setup");

        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.outLines()).anyMatch(l -> l.startsWith("created integration 'wolkvox-chat' (_id "));
        assertThat(apply.outLines()).last().isEqualTo("setup done: 2 integration(s) created or completed");
        assertThat(fakes.playvox().integrationsCreated()).isEqualTo(2);
        int fields = fakes.playvox().metadataFieldsCreated();
        assertThat(fields).isGreaterThan(20);

        CommandRun again = CommandRun.of(s, "setup");

        assertThat(again.exitCode()).isZero();
        assertThat(again.outLines()).anyMatch(l -> l.matches("integration 'wolkvox-chat': exists \\(_id .+\\), up to date "
                + "\\(\\d+ metadata field\\(s\\)\\)"));
        assertThat(again.outLines()).last().isEqualTo("nothing to do: every integration and metadata field exists in Playvox");
        assertThat(fakes.playvox().integrationsCreated()).isEqualTo(2);
        assertThat(fakes.playvox().metadataFieldsCreated()).isEqualTo(fields);
    }

    @Test
    void an_integration_without_its_metadata_gets_only_the_missing_fields() throws Exception {
        String body = "{\"name\":\"wolkvox-chat\",\"description\":\"made by hand\",\"settings\":{\"data_storage_minutes\":60}}";
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fakes.playvox().baseUrl() + "/integrations"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((UID + ":" + KEY)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        Map<String, String> s = fakes.settings(stateDir, Duration.ofHours(1));

        CommandRun dryRun = CommandRun.of(s, "setup", "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.outLines()).anyMatch(l -> l.matches("integration 'wolkvox-chat': exists \\(_id .+\\)"));
        assertThat(dryRun.outLines()).anyMatch(l -> l.startsWith("  metadata field(s) missing in Playvox, would be "
                + "created: channel, case_id,"));
        assertThat(fakes.playvox().metadataFieldsCreated()).isZero();

        CommandRun apply = CommandRun.of(s, "setup");

        assertThat(apply.outLines()).anyMatch(l -> l.startsWith("created metadata field(s) channel, case_id,"));
        assertThat(fakes.playvox().integrationsCreated()).isEqualTo(1);
        assertThat(fakes.playvox().metadataFieldsCreated()).isPositive();
    }
}
