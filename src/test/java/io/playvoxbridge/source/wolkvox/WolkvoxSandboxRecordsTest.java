package io.playvoxbridge.source.wolkvox;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.InvalidRecordException;
import io.playvoxbridge.feed.PersonalDataPolicy;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.TranslatedInteraction;
import io.playvoxbridge.sandbox.WolkvoxFake;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every record the Wolkvox sandbox serves for diagram_4 and chat_1 + chat_2 translates, but the unmapped agent's. */
class WolkvoxSandboxRecordsTest {

    static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");
    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");

    static WolkvoxFake fake;
    static AgentDirectory agents;

    @BeforeAll
    static void start() {
        fake = new WolkvoxFake(WolkvoxFake.Options.defaults("t").withClock(Clock.fixed(T0, ZoneOffset.UTC))
                .withHistoryRecords(2_000).withUnmappedAgentRate(0.05));
        fake.start(0);
        agents = AgentDirectory.load("classpath:" + WolkvoxFake.SANDBOX_AGENTS_RESOURCE);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void translates_every_survey_response_with_personal_data_masked() {
        WolkvoxSurveyTranslator translator = new WolkvoxSurveyTranslator(
                IntegrationDefinitionLoader.load("integrations/wolkvox-survey.yaml"), agents, BOGOTA, null,
                PersonalDataPolicy.of(WolkvoxSurveyTranslator.PERSONAL_DATA_DEFAULTS));
        List<Map<String, String>> records = fake.visibleRecords("diagram_4", T0.minus(Duration.ofDays(1)), T0);
        List<TranslatedInteraction> translated = new ArrayList<>();
        int unmapped = 0;

        for (Map<String, String> record : records) {
            try {
                translated.add(translator.translate(record));
            } catch (InvalidRecordException e) {
                assertThat(e.getMessage()).startsWith("unmapped agent (agent_id 1999, agent_dni ******")
                        .endsWith("agent_name " + WolkvoxFake.UNMAPPED_AGENT_NAME + ")");
                unmapped++;
            }
        }

        assertThat(records).hasSize(2_000);
        assertThat(unmapped).isBetween(50, 150);
        assertThat(translated).hasSize(records.size() - unmapped)
                .allSatisfy(t -> assertThat(WolkvoxFake.sandboxPlayvoxUsers()).contains(t.interaction().assigneeId()))
                .allSatisfy(t -> assertThat((String) t.interaction().metadata().get("ani")).startsWith("******"));
        assertThat(translated).extracting(t -> t.interaction().interactionId()).doesNotHaveDuplicates();
        assertThat(translated).anySatisfy(t -> assertThat(t.interaction().metadata()).containsKey("answer_five"));
    }

    @Test
    void translates_every_chat_with_its_messages_as_comments() {
        WolkvoxConversationTranslator translator = new WolkvoxConversationTranslator(
                IntegrationDefinitionLoader.load("integrations/wolkvox-conversations.yaml"), agents, BOGOTA, null,
                PersonalDataPolicy.of(WolkvoxConversationTranslator.PERSONAL_DATA_DEFAULTS));
        Instant from = T0.minus(Duration.ofDays(1));
        List<Map<String, String>> chats = fake.visibleRecords("chat_1", from, T0);
        WolkvoxConversationJoin.Result joined = WolkvoxConversationJoin.join(chats,
                fake.visibleRecords("chat_2", from, T0.plusSeconds(1)));
        Set<CommentType> types = new HashSet<>();
        int translated = 0;
        int withoutComments = 0;

        for (WolkvoxConversation conversation : joined.conversations()) {
            try {
                TranslatedInteraction t = translator.translate(conversation);
                translated++;
                withoutComments += t.comments().isEmpty() ? 1 : 0;
                t.comments().stream().map(Comment::type).forEach(types::add);
                assertThat(t.comments()).extracting(Comment::addedAt).isSorted();
            } catch (InvalidRecordException e) {
                assertThat(e.getMessage()).isEqualTo("unmapped agent (agent_id 1999, agent_name "
                        + WolkvoxFake.UNMAPPED_AGENT_NAME + ")");
            }
        }

        assertThat(translated).isBetween(chats.size() - 150, chats.size() - 50);
        assertThat(withoutComments).isPositive();
        assertThat(types).containsExactlyInAnyOrder(CommentType.values());
        assertThat(joined.unmatched()).as("messages of chats still going on at T0")
                .allSatisfy(m -> assertThat(m.get("date")).isGreaterThan("2026-11-21 09:44:59"));
    }
}
