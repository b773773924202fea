package io.playvoxbridge.source.five9;

import java.io.IOException;

/**
 * A Five9 answer that is not the SOAP envelope it should be: not XML, cut short, or without the expected response
 * element. An {@link IOException}, so the retrying route configuration treats it like a dropped connection (the next
 * attempt is a new request with a new answer).
 */
public class Five9MalformedResponseException extends IOException {

    /**
     * @param message what was wrong, naming the operation
     * @param cause   the XML error, or null
     */
    public Five9MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
