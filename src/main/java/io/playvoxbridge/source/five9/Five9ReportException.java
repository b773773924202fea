package io.playvoxbridge.source.five9;

/**
 * A Five9 report the bridge cannot use as it is, whatever the retries: a result without a column the feed needs, or
 * a range that holds more rows than Five9 returns and cannot be split further. Not retryable: the message says what to
 * change (the report's columns in Five9, or the feed's settings).
 */
public class Five9ReportException extends RuntimeException {

    /** @param message what is wrong, naming the report, column or range */
    public Five9ReportException(String message) {
        super(message);
    }
}
