package io.playvoxbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Gladly sandbox's conversations: ordered creation, bounded spans, one or two closes, invertible ids. */
class GladlyConversationGeneratorTest {

    static final Instant ANCHOR = Instant.parse("2026-11-21T15:00:00Z");
    static final List<GladlyConversationGenerator.Agent> AGENTS =
            List.of(new GladlyConversationGenerator.Agent("agentA", "Ana", "ana@sandbox.playvox.test"));

    static GladlyConversationGenerator generator(int history, double perMinute, double reopenRate) {
        return new GladlyConversationGenerator(42L, ANCHOR, history, Duration.ofHours(12), perMinute, reopenRate, 0.0,
                AGENTS, GladlyFake.UNMAPPED_AGENT_ID);
    }

    @Test
    void every_conversation_lies_within_max_span_of_its_creation_in_time_order() {
        GladlyConversationGenerator g = generator(300, 4, 0.5);

        for (long k = 0; k < 600; k++) {
            GladlyConversationGenerator.Conversation c = g.conversation(k);
            assertThat(c.created()).isEqualTo(g.creation(k));
            assertThat(c.events().get(0).type()).isEqualTo("CONVERSATION/CREATED");
            assertThat(c.events().get(0).at()).isEqualTo(c.created());
            assertThat(c.items().get(0).at()).isEqualTo(c.created());
            assertThat(c.events()).extracting(GladlyConversationGenerator.Stamped::at).isSorted();
            assertThat(c.items()).extracting(GladlyConversationGenerator.Stamped::at).isSorted();
            Instant last = c.events().get(c.events().size() - 1).at();
            assertThat(Duration.between(c.created(), last)).isLessThanOrEqualTo(GladlyConversationGenerator.MAX_SPAN);
            assertThat(c.events().get(c.events().size() - 1).type()).isEqualTo("CONVERSATION/CLOSED");
            assertThat(c.closes()).isEqualTo(g.reopened(k) ? 2 : 1);
        }
    }

    @Test
    void creation_never_decreases_and_created_before_inverts_it_across_the_anchor() {
        GladlyConversationGenerator g = generator(300, 4, 0);

        for (long k = 1; k < 700; k++) {
            assertThat(g.creation(k)).isAfterOrEqualTo(g.creation(k - 1));
        }
        assertThat(g.creation(299)).isBefore(ANCHOR);
        assertThat(g.creation(300)).isEqualTo(ANCHOR.plusSeconds(15));
        for (long k = 0; k < 700; k += 7) {
            assertThat(g.createdBefore(g.creation(k))).as("index %d", k).isLessThanOrEqualTo(k);
            assertThat(g.createdBefore(g.creation(k).plusMillis(1))).as("index %d", k).isEqualTo(k + 1);
        }
        assertThat(g.createdBefore(ANCHOR.minus(Duration.ofDays(2)))).isZero();
        assertThat(g.createdBefore(ANCHOR)).isEqualTo(300);
    }

    @Test
    void without_new_conversations_the_count_stops_at_the_history() {
        GladlyConversationGenerator g = generator(50, 0, 0);

        assertThat(g.createdBefore(ANCHOR.plus(Duration.ofDays(1)))).isEqualTo(50);
        assertThat(generator(0, 0, 0).createdBefore(ANCHOR.plus(Duration.ofDays(1)))).isZero();
        assertThat(generator(0, 6, 0).createdBefore(ANCHOR.plusSeconds(60))).isEqualTo(5);
    }

    @Test
    void conversation_ids_are_gladly_shaped_and_map_back_to_their_index() {
        GladlyConversationGenerator g = generator(300, 4, 0);

        for (long k : new long[] {0, 1, 299, 300, 123_456_789L}) {
            assertThat(g.conversationId(k)).matches("[A-Za-z0-9_-]{22}");
            assertThat(g.index(g.conversationId(k))).hasValue(k);
        }
        assertThat(g.index("9BcE2O0DQ2ynGHRmk9FeoA")).isEmpty();
        assertThat(g.index("short")).isEmpty();
    }
}
