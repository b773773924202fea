package io.playvoxbridge.feed;

/**
 * A vendor record that cannot become a Playvox interaction (missing field, bad date, unmapped agent...).
 * Its message is the dead letter's reason, written for an operator: it names the field and the value.
 */
public class InvalidRecordException extends RuntimeException {
    /** @param reason the dead-letter reason, e.g. {@code unmapped agent Ana Pérez} */
    public InvalidRecordException(String reason) {
        super(reason);
    }
}
