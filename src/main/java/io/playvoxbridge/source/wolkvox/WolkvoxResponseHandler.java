package io.playvoxbridge.source.wolkvox;

import io.playvoxbridge.http.HttpStatusCheck;
import io.playvoxbridge.http.VendorHttpException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Wolkvox Reports Manager answer (api-facts 3, https://wolkvox.com/en/api-response-codes):
 * 200 -> the answer is copied to a temp file and the body becomes its {@link Path}, so the token is free as soon
 * as the download ends and the records can be streamed from disk; 404 "Validate dates entered" -> an empty window
 * (body null); anything else -> {@link VendorHttpException} (429 and 5xx retryable; 401 and 403 not: they are
 * logged and the next poll tries again).
 */
public final class WolkvoxResponseHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WolkvoxResponseHandler.class);

    /** Wolkvox's text for "no records in this window" (with HTTP 404). */
    public static final String EMPTY_WINDOW_TEXT = "Validate dates entered";

    private final HttpStatusCheck statusCheck;

    /** @param statusCheck reads Retry-After headers */
    public WolkvoxResponseHandler(HttpStatusCheck statusCheck) {
        this.statusCheck = statusCheck;
    }

    /**
     * @param exchange after the camel-http call made with {@code throwExceptionOnFailure=false} and
     *                 {@code disableStreamCache=true}; its body is the raw answer stream
     * @throws VendorHttpException for an error answer
     * @throws IOException         when the answer cannot be read or spooled
     */
    public void handle(Exchange exchange) throws IOException {
        Message m = exchange.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        InputStream body = m.getBody(InputStream.class);
        if (status == 200) {
            Path file = Files.createTempFile("wolkvox-", ".json");
            try (InputStream in = body) {
                if (in != null) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            m.setBody(file);
            return;
        }
        String text;
        try (InputStream in = body) {
            text = in == null ? "" : new String(in.readNBytes(8192), StandardCharsets.UTF_8);
        }
        if (status == 404 && text.contains(EMPTY_WINDOW_TEXT)) {
            LOG.debug("Wolkvox: no records in this window (404 {})", EMPTY_WINDOW_TEXT);
            m.setBody(null);
            return;
        }
        throw new VendorHttpException("wolkvox", status, text, statusCheck.retryAfter(m));
    }
}
