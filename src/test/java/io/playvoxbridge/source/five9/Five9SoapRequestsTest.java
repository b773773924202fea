package io.playvoxbridge.source.five9;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The request envelopes of runReport, isReportRunning and getReportResultCsv, read back as XML. */
class Five9SoapRequestsTest {

    static final String ENV = Five9SoapRequests.SOAP_ENVELOPE_NS;
    static final String SER = Five9SoapRequests.SERVICE_NS;

    static Document parse(byte[] body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    /** The single operation element inside the Body. */
    static Element operation(Document doc) {
        Element envelope = doc.getDocumentElement();
        assertThat(envelope.getNamespaceURI()).isEqualTo(ENV);
        assertThat(envelope.getLocalName()).isEqualTo("Envelope");
        Element body = (Element) envelope.getElementsByTagNameNS(ENV, "Body").item(0);
        Element op = (Element) body.getElementsByTagNameNS("*", "*").item(0);
        assertThat(op.getNamespaceURI()).isEqualTo(SER);
        return op;
    }

    static String child(Element parent, String name) {
        Element e = (Element) parent.getElementsByTagNameNS("*", name).item(0);
        assertThat(e.getNamespaceURI()).as("parameter %s is unqualified", name).isNull();
        return e.getTextContent();
    }

    @Test
    void writes_run_report_with_the_folder_report_and_a_range_with_pacific_offsets() throws Exception {
        Five9Range range = new Five9Range(Instant.parse("2026-11-01T07:00:00Z"), Instant.parse("2026-11-02T08:00:00Z"));

        byte[] body = Five9SoapRequests.runReport("Call Log Reports", "Call Log", range, Five9ReportTimes.PACIFIC);

        Element op = operation(parse(body));
        assertThat(op.getLocalName()).isEqualTo("runReport");
        assertThat(child(op, "folderName")).isEqualTo("Call Log Reports");
        assertThat(child(op, "reportName")).isEqualTo("Call Log");
        Element criteria = (Element) op.getElementsByTagNameNS("*", "criteria").item(0);
        Element time = (Element) criteria.getElementsByTagNameNS("*", "time").item(0);
        assertThat(child(time, "start")).isEqualTo("2026-11-01T00:00:00.000-07:00");
        assertThat(child(time, "end")).isEqualTo("2026-11-02T00:00:00.000-08:00");
        assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    }

    @Test
    void escapes_names_that_xml_would_misread() throws Exception {
        Five9Range range = new Five9Range(Instant.parse("2026-06-01T07:00:00Z"), Instant.parse("2026-06-02T07:00:00Z"));

        byte[] body = Five9SoapRequests.runReport("Reports & <Custom>", "Llamadas \"QA\" ñ", range,
                Five9ReportTimes.PACIFIC);

        Element op = operation(parse(body));
        assertThat(child(op, "folderName")).isEqualTo("Reports & <Custom>");
        assertThat(child(op, "reportName")).isEqualTo("Llamadas \"QA\" ñ");
    }

    @Test
    void writes_is_report_running_with_identifier_and_timeout() throws Exception {
        Element op = operation(parse(Five9SoapRequests.isReportRunning("8E2F4C1A-0B7D", 5)));

        assertThat(op.getLocalName()).isEqualTo("isReportRunning");
        assertThat(child(op, "identifier")).isEqualTo("8E2F4C1A-0B7D");
        assertThat(child(op, "timeout")).isEqualTo("5");
        assertThatThrownBy(() -> Five9SoapRequests.isReportRunning("x", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writes_get_report_result_csv_with_the_identifier() throws Exception {
        Element op = operation(parse(Five9SoapRequests.getReportResultCsv("8E2F4C1A-0B7D")));

        assertThat(op.getLocalName()).isEqualTo("getReportResultCsv");
        assertThat(child(op, "identifier")).isEqualTo("8E2F4C1A-0B7D");
    }
}
