package io.playvoxbridge.source.eightbyeight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.source.eightbyeight.EightByEightApi.ReportState;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detailed report request body and the create/status answers, as api-facts 4.2 describes them. */
class EightByEightReportRequestTest {

    private static final Instant FROM = Instant.parse("2026-11-21T14:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-21T15:00:00.250Z");

    @Test
    void writes_the_documented_body_for_a_window() throws Exception {
        JsonNode body = new ObjectMapper().readTree(
                EightByEightReportRequest.forWindow(FROM, TO, ZoneId.of("America/New_York")).toJsonText());

        assertThat(body.get("type").asText()).isEqualTo("interaction-details");
        assertThat(body.get("title").asText()).contains("eightbyeight.interactions", "2026-11-21T14:00:00Z");
        assertThat(body.get("dateRange").get("start").asText()).isEqualTo("2026-11-21T14:00:00.000Z");
        assertThat(body.get("dateRange").get("end").asText()).isEqualTo("2026-11-21T15:00:00.250Z");
        assertThat(body.get("timezone").asText()).isEqualTo("America/New_York");
        assertThat(body.get("metrics")).extracting(JsonNode::asText).containsExactlyElementsOf(EightByEightApi.DETAILED_COLUMNS);
        assertThat(body.get("includeParticipants").asBoolean()).isFalse();
        assertThat(body.get("reportSettings").get("showOngoingInteractions").asBoolean()).isFalse();
        assertThat(body.has("searchQuery")).isFalse();
    }

    @Test
    void refuses_an_empty_window_or_no_metric() {
        ZoneId utc = ZoneId.of("UTC");
        assertThatThrownBy(() -> EightByEightReportRequest.forWindow(FROM, FROM, utc))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must end after it starts");
        assertThatThrownBy(() -> new EightByEightReportRequest("interaction-details", "t", FROM, TO, utc, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one metric");
    }

    @Test
    void reads_the_create_answer_as_an_object_or_a_one_element_array() {
        EightByEightReportStatus object = EightByEightReportStatus.parse(Fixtures.read("report-create-response.json"));
        EightByEightReportStatus array = EightByEightReportStatus.parse(Fixtures.read("report-create-response-array.json"));

        assertThat(object).isEqualTo(new EightByEightReportStatus(64, ReportState.IN_PROGRESS, null)).isEqualTo(array);
        assertThat(object.done()).isFalse();
        assertThat(object.failed()).isFalse();
    }

    @Test
    void reads_done_and_failed_with_its_reason() {
        EightByEightReportStatus done = EightByEightReportStatus.parse(Fixtures.read("report-status-done.json"));
        EightByEightReportStatus failed = EightByEightReportStatus.parse(Fixtures.read("report-status-failed.json"));

        assertThat(done.done()).isTrue();
        assertThat(failed.failed()).isTrue();
        assertThat(failed.reason()).isEqualTo("Report generation failed");
        assertThat(EightByEightReportStatus.parse("{\"id\":\"70\",\"status\":\"queued\"}").state()).isEqualTo(ReportState.QUEUED);
    }

    @Test
    void refuses_an_answer_without_id_or_with_an_unknown_status() {
        assertThatThrownBy(() -> EightByEightReportStatus.parse("{\"status\":\"DONE\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no report id");
        assertThatThrownBy(() -> EightByEightReportStatus.parse("{\"id\":64,\"status\":\"READY\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("8x8 report 64 has an unknown status 'READY'");
        assertThatThrownBy(() -> EightByEightReportStatus.parse("[]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an object");
    }

    @Test
    void builds_the_paths_of_every_region() {
        assertThat(EightByEightApi.detailedReportsPath(""))
                .isEqualTo("/analytics/cc/v8/historical-metrics/detailed-reports");
        assertThat(EightByEightApi.statusPath("/eu", 64))
                .isEqualTo("/eu/analytics/cc/v8/historical-metrics/detailed-reports/64/status");
        assertThat(EightByEightApi.dataPath("", 64))
                .isEqualTo("/analytics/cc/v8/historical-metrics/detailed-reports/64/data");
        assertThat(EightByEightApi.augmentationPath("int-1628bb9dbf7-YUTG-phone-01-acme"))
                .isEqualTo("/api/v1/interaction/data/guid/int-1628bb9dbf7-YUTG-phone-01-acme");
        assertThat(EightByEightApi.augmentationPath("a b/c")).isEqualTo("/api/v1/interaction/data/guid/a%20b%2Fc");
    }
}
