package io.playvoxbridge.source.eightbyeight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Detailed report data pages: arrays of rows of key/label/value items. */
class EightByEightDetailedRowTest {

    @Test
    void reads_the_recorded_page_keeping_column_order_and_dropping_null_values() {
        List<EightByEightDetailedRow> rows = EightByEightDetailedRow.parsePage(Fixtures.read("detailed-report-page.json"));

        assertThat(rows).hasSize(4).noneMatch(EightByEightDetailedRow::ongoing);
        assertThat(rows.get(0).values().keySet()).containsExactlyElementsOf(EightByEightApi.DETAILED_COLUMNS);
        assertThat(rows.get(0).values()).containsEntry("talkTime", "571000").containsEntry("agentName", "Emma Wilson");
        assertThat(rows.get(2).values()).doesNotContainKey("endTime");
        assertThat(rows.get(1).values()).containsEntry("wrapUpCode", "");
    }

    @Test
    void reads_plain_values_numbers_and_the_ongoing_flag() {
        String page = "[{\"items\":[{\"key\":\"talkTime\",\"value\":{\"value\":5000,\"ongoing\":true}},"
                + "{\"key\":\"queueName\",\"label\":\"Queue Name\",\"value\":\"Billing\"},{\"label\":\"no key\",\"value\":\"x\"}]},"
                + "{\"items\":[]}]";

        List<EightByEightDetailedRow> rows = EightByEightDetailedRow.parsePage(page);

        assertThat(rows.get(0).values()).containsExactly(java.util.Map.entry("talkTime", "5000"),
                java.util.Map.entry("queueName", "Billing"));
        assertThat(rows.get(0).ongoing()).isTrue();
        assertThat(rows.get(1).values()).isEmpty();
        assertThat(EightByEightDetailedRow.parsePage("[]")).isEmpty();
    }

    @Test
    void refuses_a_page_that_is_not_an_array_of_rows() {
        assertThatThrownBy(() -> EightByEightDetailedRow.parsePage("{\"items\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON array");
        assertThatThrownBy(() -> EightByEightDetailedRow.parsePage("[{\"items\":[]},{\"rows\":1}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("8x8 detailed report page: row 1 has no items array");
        assertThatThrownBy(() -> EightByEightDetailedRow.parsePage("[{\"items\":[]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("8x8 detailed report page is not valid JSON");
    }
}
