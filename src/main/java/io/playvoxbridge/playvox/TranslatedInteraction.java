package io.playvoxbridge.playvox;

import java.util.List;

/**
 * What a source translator makes of one vendor record: the interaction and its comments, in order.
 *
 * @param interaction the interaction for the bulk endpoint
 * @param comments    its comments, oldest first; empty when the record has none
 */
public record TranslatedInteraction(Interaction interaction, List<Comment> comments) {
    /** Copies the list so the value is immutable. */
    public TranslatedInteraction {
        comments = List.copyOf(comments);
    }
}
