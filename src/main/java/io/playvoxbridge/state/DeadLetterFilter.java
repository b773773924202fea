package io.playvoxbridge.state;

import java.time.Instant;

/**
 * Which dead letters a {@link DeadLetterStore} query lists, counts, returns the ids of or deletes ({@code listMatching}, {@code countMatching}, {@code idsMatching}, {@code deleteMatching}). Every criterion
 * is optional: null matches any dead letter, and the criteria given must all hold.
 *
 * @param feed           only this feed's (exact match); dead letters without a feed match only a null criterion
 * @param reasonContains only those whose reason contains this text, ignoring case (ASCII letters on every
 *                       database; others as the database's {@code LOWER} folds them); {@code %} and {@code _} are
 *                       plain characters
 * @param since          only those stored at or after this instant ({@code failed_at >= since})
 * @param until          only those stored before this instant ({@code failed_at < until})
 */
public record DeadLetterFilter(String feed, String reasonContains, Instant since, Instant until) {

    /** Matches every dead letter. */
    public static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null, null);

    /**
     * @param feedOrNull a feed, or null for every feed
     * @return the filter of that feed's dead letters ({@link #ALL} for null)
     */
    public static DeadLetterFilter ofFeed(String feedOrNull) {
        return new DeadLetterFilter(feedOrNull, null, null, null);
    }
}
