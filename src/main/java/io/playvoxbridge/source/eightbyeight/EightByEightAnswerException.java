package io.playvoxbridge.source.eightbyeight;

import java.io.IOException;

/**
 * An 8x8 answer with a success status whose body cannot be read (cut short, not JSON). It is an {@link IOException}
 * so the {@code vendor-request} route configuration retries it like a dropped connection: the same request is sent
 * again (the report and cursor state do not change between attempts). The message gives positions only, never the
 * body: a Data Augmentation answer may hold private values (api-facts 4.1,
 * https://developer.8x8.com/actions-events/docs/8x8-contact-center-data-augmentation-api).
 */
public final class EightByEightAnswerException extends IOException {

    /** @param message what could not be read, e.g. {@code 8x8 augmentation answer is not valid JSON (line 1, column 80)} */
    public EightByEightAnswerException(String message) {
        super(message);
    }
}
