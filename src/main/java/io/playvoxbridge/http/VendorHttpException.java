package io.playvoxbridge.http;

import java.time.Duration;

/**
 * A vendor API answered with a non-success status. {@link #isRetryable()} says whether the route retries it:
 * 429 (after {@link #retryAfter()} when the vendor said how long) and 5xx are retried with backoff; other 4xx
 * are not.
 */
public class VendorHttpException extends RuntimeException {

    private final String vendor;
    private final int status;
    private final String responseBody;
    private final Duration retryAfter;

    /**
     * @param vendor       vendor id ({@code playvox}, {@code wolkvox})
     * @param status       HTTP status code
     * @param responseBody the answer's body (shortened to 500 characters in the message)
     * @param retryAfter   the wait the vendor asked for (Retry-After or X-RateLimit-Reset), or null
     */
    public VendorHttpException(String vendor, int status, String responseBody, Duration retryAfter) {
        super(vendor + " answered HTTP " + status + ": " + shorten(responseBody));
        this.vendor = vendor;
        this.status = status;
        this.responseBody = responseBody;
        this.retryAfter = retryAfter;
    }

    /** @return the vendor id */
    public String getVendor() {
        return vendor;
    }

    /** @return the HTTP status */
    public int getStatus() {
        return status;
    }

    /** @return the answer's body, or an empty string */
    public String getResponseBody() {
        return responseBody == null ? "" : responseBody;
    }

    /** @return the wait the vendor asked for, or null */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return true for 429 and 5xx */
    public boolean isRetryable() {
        return status == 429 || status >= 500;
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 500 ? oneLine.substring(0, 500) + "..." : oneLine;
    }
}
