package io.playvoxbridge;

import java.util.Map;

/**
 * One feed of one vendor in {@link ChaosIT}: its fake (started in the test's JVM, with faults), the environment that
 * points the bridge at it, and what Playvox must hold at the end.
 */
interface ChaosSource extends AutoCloseable {

    /**
     * Starts the fake and works out what the feed must deliver (before the bridge runs).
     *
     * @return the bridge's environment variables for this vendor
     * @throws Exception when the fake cannot start or be read
     */
    Map<String, String> start() throws Exception;

    /** @return the Playvox integration the feed writes to */
    String integration();

    /** @return every interaction id the feed must deliver, with its number of comments */
    Map<String, Long> expectedComments();

    /**
     * @param interactionId an interaction id
     * @return its comments as {@code <type>|<body>}, in order, when the source knows them (for the result line)
     */
    default java.util.List<String> expectedCommentTexts(String interactionId) {
        return null;
    }

    /** @return the faults the fake injected, for the result line */
    String faultCounts();

    /** Stops the fake. */
    @Override
    void close();
}
