package io.playvoxbridge.source.five9;

import io.playvoxbridge.http.VendorHttpException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the answers of the Five9 report flow (SOAP 1.1) with the JDK's StAX parser, streaming: the CSV of
 * {@code getReportResultCsv} (up to 50,000 rows) is handed on as a {@link Reader} over the text of its
 * {@code <return>} element and never held whole in memory.
 *
 * <p>Answers (api-facts 5; F9-DOC pages under
 * https://documentation.five9.com/bundle/api-config-web/page/config-web-services/methods/reports/; the envelope shape is
 * [3P], as Five9 writes it: {@code <env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header/>
 * <env:Body><ns2:getReportResultCsvResponse xmlns:ns2="http://service.admin.ws.five9.com/"><return>...}):
 * <ul>
 *   <li>{@code runReportResponse/return}: the report's identifier;</li>
 *   <li>{@code isReportRunningResponse/return}: {@code true} while the report runs;</li>
 *   <li>{@code getReportResultCsvResponse/return}: the CSV text (Five9 escapes carriage returns as {@code &#xd;});</li>
 *   <li>a SOAP fault ({@code env:Fault} with {@code faultcode}, {@code faultstring} and a {@code detail} element named
 *       after the fault, holding at least {@code message}), normally with HTTP 500: {@link Five9FaultException}.</li>
 * </ul>
 * Any other HTTP status without a SOAP fault (401 for a refused login, 429 from Five9's throttling [3P], 5xx from a
 * gateway) is a {@link VendorHttpException} with the first 4 KB of the body. A 200 that is not well-formed XML, is cut
 * short, or lacks the response element is a {@link Five9MalformedResponseException}. DTDs and external entities are
 * refused. Stateless and thread-safe.
 */
public final class Five9SoapResponses {

    private static final int MAX_ERROR_BYTES = 4096;
    private static final XMLInputFactory INPUT = secureFactory();

    private Five9SoapResponses() {
    }

    /**
     * Reads the answer to {@code runReport}.
     *
     * @param status the HTTP status
     * @param body   the answer's body; read to its end and closed
     * @return the report's identifier, not blank
     * @throws Five9FaultException              for a SOAP fault (e.g. ReportNotFoundFault, InvalidDateRangeFault,
     *                                          OperationsLimitExceededFault)
     * @throws VendorHttpException              for another non-200 status
     * @throws Five9MalformedResponseException for a 200 that is not the expected envelope
     * @throws IOException                      when the body cannot be read
     */
    public static String runReportIdentifier(int status, InputStream body) throws IOException {
        String identifier = singleValue(status, body, "runReport");
        if (identifier == null || identifier.isBlank()) {
            throw new Five9MalformedResponseException("Five9 runReport answered no identifier", null);
        }
        return identifier.strip();
    }

    /**
     * Reads the answer to {@code isReportRunning}.
     *
     * @param status the HTTP status
     * @param body   the answer's body; read to its end and closed
     * @return true while the report is still being generated, false once it is done
     * @throws Five9FaultException              for a SOAP fault
     * @throws VendorHttpException              for another non-200 status
     * @throws Five9MalformedResponseException for a 200 that is not the expected envelope or not a boolean
     * @throws IOException                      when the body cannot be read
     */
    public static boolean isReportRunning(int status, InputStream body) throws IOException {
        String value = singleValue(status, body, "isReportRunning");
        String v = value == null ? "" : value.strip();
        if (v.equals("true") || v.equals("1")) {
            return true;
        }
        if (v.equals("false") || v.equals("0")) {
            return false;
        }
        throw new Five9MalformedResponseException("Five9 isReportRunning answered '" + value + "', not a boolean", null);
    }

    /**
     * Opens the CSV of a {@code getReportResultCsv} answer. The envelope is checked up to {@code <return>} before this
     * returns; the rest is read as the caller reads the {@link Reader}, and its end (after {@code </return>}) is checked
     * when the reader reaches its end.
     *
     * @param status the HTTP status
     * @param body   the answer's body, owned by the returned reader (closed with it) on success, closed on failure
     * @return the CSV text; an empty reader when the answer holds no CSV
     * @throws Five9FaultException              for a SOAP fault (e.g. ResultIsNotReadyFault)
     * @throws VendorHttpException              for another non-200 status
     * @throws Five9MalformedResponseException for a 200 that is not the expected envelope; the reader itself throws it
     *                                          when the XML breaks off or goes wrong later
     * @throws IOException                      when the body cannot be read
     */
    public static Reader reportResultCsv(int status, InputStream body) throws IOException {
        XMLStreamReader xml = openResult(status, body, "getReportResultCsv");
        if (xml == null) {
            return Reader.nullReader();
        }
        return new ReturnTextReader(xml, body);
    }

    /** Reads a response whose {@code return} holds one text value, checking the envelope to its end. */
    private static String singleValue(int status, InputStream body, String operation) throws IOException {
        try (InputStream in = body) {
            XMLStreamReader xml = openResult(status, in, operation);
            if (xml == null) {
                return null;
            }
            try {
                String text = xml.getElementText();
                drain(xml);
                return text;
            } catch (XMLStreamException e) {
                throw malformed(operation, e);
            } finally {
                close(xml);
            }
        }
    }

    /**
     * Checks the status and the envelope, and positions the reader on the start of {@code <return>}.
     *
     * @return the reader on {@code <return>}, or null when the response element has no {@code <return>}
     */
    private static XMLStreamReader openResult(int status, InputStream body, String operation) throws IOException {
        if (status != 200) {
            throw errorAnswer(status, body, operation);
        }
        XMLStreamReader xml = null;
        try {
            xml = INPUT.createXMLStreamReader(body);
            expect(xml, xml.nextTag(), "Envelope", Five9SoapRequests.SOAP_ENVELOPE_NS, operation);
            int event = xml.nextTag();
            if (event == XMLStreamConstants.START_ELEMENT && isEnvelopeElement(xml, "Header")) {
                skipElement(xml);
                event = xml.nextTag();
            }
            expect(xml, event, "Body", Five9SoapRequests.SOAP_ENVELOPE_NS, operation);
            event = xml.nextTag();
            if (event == XMLStreamConstants.START_ELEMENT && isEnvelopeElement(xml, "Fault")) {
                throw readFault(xml, status);
            }
            expect(xml, event, operation + "Response", Five9SoapRequests.SERVICE_NS, operation);
            event = xml.nextTag();
            if (event == XMLStreamConstants.END_ELEMENT) {
                drain(xml);
                close(xml);
                body.close();
                return null;
            }
            if (!xml.getLocalName().equals("return")) {
                throw new Five9MalformedResponseException("Five9 " + operation + " answered <" + xml.getLocalName()
                        + "> where <return> was expected", null);
            }
            return xml;
        } catch (XMLStreamException e) {
            close(xml);
            body.close();
            throw malformed(operation, e);
        } catch (IOException | RuntimeException e) {
            close(xml);
            body.close();
            throw e;
        }
    }

    /** A non-200 answer: a SOAP fault when the body is one, else a plain HTTP error. */
    private static RuntimeException errorAnswer(int status, InputStream body, String operation) throws IOException {
        byte[] bytes;
        try (InputStream in = body) {
            bytes = in == null ? new byte[0] : in.readNBytes(64 * 1024);
        }
        XMLStreamReader xml = null;
        try {
            xml = INPUT.createXMLStreamReader(new ByteArrayInputStream(bytes));
            if (xml.nextTag() == XMLStreamConstants.START_ELEMENT && isEnvelopeElement(xml, "Envelope")) {
                int event = xml.nextTag();
                if (event == XMLStreamConstants.START_ELEMENT && isEnvelopeElement(xml, "Header")) {
                    skipElement(xml);
                    event = xml.nextTag();
                }
                if (event == XMLStreamConstants.START_ELEMENT && isEnvelopeElement(xml, "Body")
                        && xml.nextTag() == XMLStreamConstants.START_ELEMENT && isEnvelopeElement(xml, "Fault")) {
                    return readFault(xml, status);
                }
            }
        } catch (XMLStreamException notSoap) {
            // not a SOAP fault: a plain HTTP error below
        } finally {
            close(xml);
        }
        int shown = Math.min(bytes.length, MAX_ERROR_BYTES);
        return new VendorHttpException("five9", status,
                operation + ": " + new String(bytes, 0, shown, StandardCharsets.UTF_8), null);
    }

    /** Reads {@code env:Fault} (the reader stands on its start) into the exception. */
    private static Five9FaultException readFault(XMLStreamReader xml, int status) throws XMLStreamException {
        String faultCode = null;
        String faultString = null;
        String faultName = null;
        Map<String, String> details = new LinkedHashMap<>();
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (xml.getLocalName()) {
                case "faultcode" -> faultCode = xml.getElementText().strip();
                case "faultstring" -> faultString = xml.getElementText().strip();
                case "detail" -> {
                    while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        if (faultName == null) {
                            faultName = xml.getLocalName();
                            readFields(xml, details);
                        } else {
                            skipElement(xml);
                        }
                    }
                }
                default -> skipElement(xml);
            }
        }
        if (faultName == null) {
            faultName = faultCode == null ? "Fault" : faultCode.substring(faultCode.indexOf(':') + 1);
        }
        if (faultString == null || faultString.isBlank()) {
            faultString = details.getOrDefault("message", "");
        }
        return new Five9FaultException(status, faultCode, faultString, faultName, details);
    }

    /** Reads the child elements of the fault element as name -> text; nested structures are skipped. */
    private static void readFields(XMLStreamReader xml, Map<String, String> details) throws XMLStreamException {
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            String name = xml.getLocalName();
            StringBuilder text = new StringBuilder();
            int depth = 1;
            boolean nested = false;
            while (depth > 0) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    nested = true;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (depth == 1 && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
                    text.append(xml.getText());
                }
            }
            if (!nested) {
                details.putIfAbsent(name, text.toString().strip());
            }
        }
    }

    private static boolean isEnvelopeElement(XMLStreamReader xml, String localName) {
        return localName.equals(xml.getLocalName()) && Five9SoapRequests.SOAP_ENVELOPE_NS.equals(xml.getNamespaceURI());
    }

    private static void expect(XMLStreamReader xml, int event, String localName, String namespace, String operation)
            throws Five9MalformedResponseException {
        if (event != XMLStreamConstants.START_ELEMENT
                || !new QName(namespace, localName).equals(xml.getName())) {
            String found = event == XMLStreamConstants.START_ELEMENT ? xml.getName().toString() : "the end of an element";
            throw new Five9MalformedResponseException("Five9 " + operation + " answered " + found + " where {"
                    + namespace + "}" + localName + " was expected", null);
        }
    }

    private static void skipElement(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** Reads to the end of the document, so an answer cut after the value is still noticed. */
    private static void drain(XMLStreamReader xml) throws XMLStreamException {
        while (xml.hasNext()) {
            xml.next();
        }
    }

    private static void close(XMLStreamReader xml) {
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException ignored) {
                // nothing left to release
            }
        }
    }

    private static Five9MalformedResponseException malformed(String operation, XMLStreamException e) {
        Throwable cause = e.getNestedException() != null ? e.getNestedException() : e;
        return new Five9MalformedResponseException("Five9 " + operation + " answered malformed XML: "
                + e.getMessage(), cause);
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    /** The text of {@code <return>}, pulled event by event from the parser; checks the envelope's end at EOF. */
    private static final class ReturnTextReader extends Reader {
        private final XMLStreamReader xml;
        private final InputStream body;
        private char[] chunk = new char[0];
        private int position;
        private int limit;
        private boolean ended;

        ReturnTextReader(XMLStreamReader xml, InputStream body) {
            this.xml = xml;
            this.body = body;
        }

        @Override
        public int read(char[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position >= limit) {
                if (ended) {
                    return -1;
                }
                advance();
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(chunk, position, target, offset, n);
            position += n;
            return n;
        }

        private void advance() throws IOException {
            try {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        // valid until the next call of next(), which only comes once this chunk is consumed
                        chunk = xml.getTextCharacters();
                        position = xml.getTextStart();
                        limit = position + xml.getTextLength();
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        drain(xml);
                        ended = true;
                    }
                    case XMLStreamConstants.START_ELEMENT -> throw new Five9MalformedResponseException(
                            "Five9 getReportResultCsv answered an element <" + xml.getLocalName()
                                    + "> inside <return>", null);
                    default -> {
                        // comments and processing instructions carry no CSV
                    }
                }
            } catch (XMLStreamException e) {
                throw malformed("getReportResultCsv", e);
            }
        }

        @Override
        public void close() throws IOException {
            Five9SoapResponses.close(xml);
            body.close();
        }
    }
}
