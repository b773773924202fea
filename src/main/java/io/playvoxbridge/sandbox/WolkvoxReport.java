package io.playvoxbridge.sandbox;

import java.time.Instant;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * A Reports Manager report the Wolkvox fake serves besides {@code chat_4}: sequence-numbered, deterministic records
 * (api-facts 3: every value a string, dates {@code YYYY-MM-DD HH:MM:SS} in the operation's zone), each known by a
 * {@code long} key so an answer can be counted first and streamed after without being held in memory.
 */
interface WolkvoxReport {

    /** @return the report's {@code api=} value, e.g. {@code diagram_4} */
    String api();

    /**
     * Visits the records whose {@code date} lies within {@code [from, toInclusive]} and that are visible at
     * {@code now}, in the order the report serves them.
     *
     * @param action called with each record's key; returning false stops the visit
     */
    void forEachVisible(Instant from, Instant toInclusive, Instant now, LongPredicate action);

    /**
     * @param key a key {@link #forEachVisible} gave
     * @return the record, field name to string value, in the documented field order
     */
    Map<String, String> record(long key);
}
