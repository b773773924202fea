package io.playvoxbridge.source.five9;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.MetadataField;
import io.playvoxbridge.playvox.MetadataType;
import org.junit.jupiter.api.Test;

/** The Playvox integrations of the two Five9 feeds pass the loader's checks and read only report columns. */
class Five9IntegrationFilesTest {

    @Test
    void loads_the_call_log_integration() {
        IntegrationDefinition callLog = IntegrationDefinitionLoader.load("integrations/five9-call-log.yaml");

        assertThat(callLog.name()).isEqualTo(Five9Report.CALL_LOG.feed());
        assertThat(callLog.dataStorageMinutes()).isEqualTo(129600);
        assertThat(callLog.metadata()).hasSize(24);
        assertThat(callLog.metadata()).filteredOn(MetadataField::required).extracting(MetadataField::fieldId)
                .containsExactly("call_id", "call_timestamp");
        assertThat(callLog.field("call_timestamp")).get().extracting(MetadataField::type).isEqualTo(MetadataType.DATETIME);
        assertThat(callLog.field("call_timestamp")).get().extracting(MetadataField::source).isEqualTo("TIMESTAMP");
        assertThat(callLog.metadata()).extracting(MetadataField::source)
                .isSubsetOf(io.playvoxbridge.sandbox.Five9Fake.Report.CALL_LOG.columns());
    }

    @Test
    void loads_the_digital_integration_without_the_comment_columns() {
        IntegrationDefinition digital = IntegrationDefinitionLoader.load("classpath:integrations/five9-digital.yaml");

        assertThat(digital.name()).isEqualTo(Five9Report.DIGITAL.feed());
        assertThat(digital.metadata()).filteredOn(MetadataField::required).extracting(MetadataField::fieldId)
                .containsExactly("session_id", "session_timestamp", "media_type");
        assertThat(digital.metadata()).extracting(MetadataField::source)
                .doesNotContain(Five9DigitalTranslator.FIRST_CUSTOMER_MESSAGE, Five9DigitalTranslator.NOTES)
                .isSubsetOf(io.playvoxbridge.sandbox.Five9Fake.Report.DIGITAL.columns());
    }
}
