package io.playvoxbridge.source.five9;

import java.io.ByteArrayOutputStream;
import java.time.ZoneId;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Request bodies of the Five9 Configuration Web Services report flow (SOAP 1.1, document/literal), written with the
 * JDK's StAX writer, so every value is escaped.
 *
 * <p>Follows api-facts 5 and F9-DOC (pages under
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/methods/reports/): endpoint
 * {@code POST https://api.five9.com/wsadmin/v13/AdminWebService} (other data centers: api.five9.eu, api.five9.ca,
 * api.eu.five9.com), HTTP Basic with an administrator user, one request at a time per user. The service namespace
 * {@code http://service.admin.ws.five9.com/} and the unqualified parameter elements are [3P]: they are what the SOAP
 * clients of the code corpus send and what Five9 answers with (e.g. {@code <ns2:getReportResultCsvResponse
 * xmlns:ns2="http://service.admin.ws.five9.com/"><return>}).
 * <pre>
 * &lt;soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="http://service.admin.ws.five9.com/"&gt;
 *   &lt;soapenv:Header/&gt;
 *   &lt;soapenv:Body&gt;
 *     &lt;ser:runReport&gt;
 *       &lt;folderName&gt;Call Log Reports&lt;/folderName&gt;&lt;reportName&gt;Call Log&lt;/reportName&gt;
 *       &lt;criteria&gt;&lt;time&gt;&lt;start&gt;2026-11-01T00:00:00.000-07:00&lt;/start&gt;&lt;end&gt;2026-11-02T00:00:00.000-08:00&lt;/end&gt;&lt;/time&gt;&lt;/criteria&gt;
 *     &lt;/ser:runReport&gt;
 *   &lt;/soapenv:Body&gt;
 * &lt;/soapenv:Envelope&gt;
 * </pre>
 * Stateless and thread-safe.
 */
public final class Five9SoapRequests {

    /** SOAP 1.1 envelope namespace. */
    public static final String SOAP_ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    /** Namespace of the Configuration Web Services operations ([3P], see the class description). */
    public static final String SERVICE_NS = "http://service.admin.ws.five9.com/";
    /** Path of the Configuration Web Services endpoint, version 13 (api-facts 5). */
    public static final String SERVICE_PATH = "/wsadmin/v13/AdminWebService";
    /** Content type of every request (SOAP 1.1). */
    public static final String CONTENT_TYPE = "text/xml; charset=utf-8";
    /** The long-poll timeout Five9 recommends as a minimum for {@code isReportRunning}, in seconds (api-facts 5). */
    public static final int RECOMMENDED_POLL_TIMEOUT_SECONDS = 5;

    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private Five9SoapRequests() {
    }

    /**
     * {@code runReport(folderName, reportName, criteria{time{start, end}})}: starts a report; Five9 answers an
     * identifier. api-facts lists {@code reportObjects[]} in the criteria too; the bridge sends none (no filter).
     *
     * @param folderName the report's folder, e.g. {@code Call Log Reports}
     * @param reportName the report's name, e.g. {@code Call Log}
     * @param range      the time range, written with its offsets in {@code zone}
     * @param zone       the zone to write the times in, normally {@link Five9ReportTimes#PACIFIC}
     * @return the UTF-8 request body
     */
    public static byte[] runReport(String folderName, String reportName, Five9Range range, ZoneId zone) {
        Objects.requireNonNull(range, "range");
        return envelope("runReport", w -> {
            element(w, "folderName", Objects.requireNonNull(folderName, "folderName"));
            element(w, "reportName", Objects.requireNonNull(reportName, "reportName"));
            w.writeStartElement("criteria");
            w.writeStartElement("time");
            element(w, "start", range.criteriaStart(zone));
            element(w, "end", range.criteriaEnd(zone));
            w.writeEndElement();
            w.writeEndElement();
        });
    }

    /**
     * {@code isReportRunning(identifier, timeout)}: long-polls the report; Five9 answers as soon as the report is done,
     * or after {@code timeout} seconds with true.
     *
     * @param identifier     the identifier {@code runReport} answered
     * @param timeoutSeconds how long Five9 may wait before answering, {@code >= 0}; Five9 recommends at least
     *                       {@value #RECOMMENDED_POLL_TIMEOUT_SECONDS}
     * @return the UTF-8 request body
     * @throws IllegalArgumentException if the timeout is negative
     */
    public static byte[] isReportRunning(String identifier, long timeoutSeconds) {
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("timeout must be >= 0 seconds: " + timeoutSeconds);
        }
        return envelope("isReportRunning", w -> {
            element(w, "identifier", Objects.requireNonNull(identifier, "identifier"));
            element(w, "timeout", Long.toString(timeoutSeconds));
        });
    }

    /**
     * {@code getReportResultCsv(identifier)}: fetches the finished report as one CSV string (at most 50,000 rows).
     *
     * @param identifier the identifier {@code runReport} answered
     * @return the UTF-8 request body
     */
    public static byte[] getReportResultCsv(String identifier) {
        return envelope("getReportResultCsv",
                w -> element(w, "identifier", Objects.requireNonNull(identifier, "identifier")));
    }

    private interface Parameters {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static byte[] envelope(String operation, Parameters parameters) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("soapenv", "Envelope", SOAP_ENVELOPE_NS);
            w.writeNamespace("soapenv", SOAP_ENVELOPE_NS);
            w.writeNamespace("ser", SERVICE_NS);
            w.writeEmptyElement("soapenv", "Header", SOAP_ENVELOPE_NS);
            w.writeStartElement("soapenv", "Body", SOAP_ENVELOPE_NS);
            w.writeStartElement("ser", operation, SERVICE_NS);
            parameters.write(w);
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the " + operation + " request", e);
        }
        return out.toByteArray();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }
}
