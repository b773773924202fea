package io.playvoxbridge.playvox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading what comments an interaction already holds, as the reconciler does before posting the missing ones
 * (https://developers.playvox.com/custom-integrations/, list comments of an interaction).
 */
class PlayvoxApiCommentsTest {

    final PlayvoxApi api = new PlayvoxApi(new ObjectMapper());

    @Test
    void two_comments_with_the_same_text_count_twice() {
        String answer = """
                {"result": [
                  {"_id": "1", "type": "customer_comment", "body": "ok"},
                  {"_id": "2", "type": "agent_comment", "body": "¿Algo más?"},
                  {"_id": "3", "type": "customer_comment", "body": "ok"}
                ]}""";

        Map<String, Integer> counts = api.commentCounts(answer);

        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
                "customer_comment|ok", 2, "agent_comment|¿Algo más?", 1));
        assertThat(PlayvoxApi.commentKey(new Comment("ok", CommentType.ofApiName("customer_comment"), "qa@acme.com", null)))
                .isEqualTo("customer_comment|ok");
    }

    @Test
    void an_interaction_without_comments_holds_none() {
        assertThat(api.commentCounts("{\"result\": []}")).isEmpty();
    }
}
