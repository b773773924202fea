package io.playvoxbridge.source.gladly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cache of GET /api/v1/agents: agent id to e-mail, loaded once, again when old or when an id is new. */
class GladlyAgentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");

    static List<GladlyAgents.Agent> recordedAgents() throws IOException {
        try (InputStream in = GladlyAgentsTest.class.getResourceAsStream("/fixtures/gladly/agents.json")) {
            return GladlyAgents.parse(JSON.readTree(in));
        }
    }

    /** A loader that counts its calls and answers the current list. */
    static final class CountingLoader implements java.util.function.Supplier<List<GladlyAgents.Agent>> {
        final AtomicInteger calls = new AtomicInteger();
        final List<GladlyAgents.Agent> agents = new ArrayList<>();
        RuntimeException failure;

        @Override
        public List<GladlyAgents.Agent> get() {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return List.copyOf(agents);
        }
    }

    /** The time the caches read; tests move it. */
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final CountingLoader loader = new CountingLoader();

    private void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    /** A cache over {@link #loader} holding agent {@code a} (a@x.co), looked up once. */
    private GladlyAgents cacheWithAgentA(Duration maxAge, Duration unknownRetryAfter) {
        loader.agents.add(new GladlyAgents.Agent("a", "A", "a@x.co"));
        GladlyAgents agents = new GladlyAgents(loader, now::get, maxAge, unknownRetryAfter);
        assertThat(agents.email("a")).contains("a@x.co");
        return agents;
    }

    @Test
    void parses_the_recorded_agent_list() throws IOException {
        List<GladlyAgents.Agent> agents = recordedAgents();

        assertThat(agents).hasSize(4);
        assertThat(agents.get(1)).isEqualTo(new GladlyAgents.Agent("zGaHXjD4SR-moMR9LbULDA", "María José Núñez",
                "mj.nunez@company.com"));
        assertThat(agents.get(3).emailAddress()).isNull();
    }

    @Test
    void parse_refuses_an_answer_that_is_not_an_array_and_skips_elements_without_id() throws IOException {
        assertThatThrownBy(() -> GladlyAgents.parse(JSON.readTree("{\"errors\":[]}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GET /api/v1/agents: expected a JSON array of agents, got object");
        assertThat(GladlyAgents.parse(JSON.readTree("[{\"name\":\"x\"},{\"id\":\"a\",\"emailAddress\":\"a@x.co\"}]")))
                .containsExactly(new GladlyAgents.Agent("a", null, "a@x.co"));
    }

    @Test
    void maps_ids_to_emails_with_one_load_for_many_lookups() throws IOException {
        loader.agents.addAll(recordedAgents());
        GladlyAgents agents = new GladlyAgents(loader, now::get, Duration.ofMinutes(30), Duration.ofMinutes(1));

        assertThat(agents.email("WmeA3Y51Q5ayCAaZ1AotIA")).contains("amy.agent@company.com");
        assertThat(agents.email("sHuXx-U3QqOmhvFusJGeBw")).contains("carlos.ruiz@company.com");
        assertThat(agents.email("ovg2jQCQS9ScsDkBxG-o2Q")).as("an agent without e-mail").isEmpty();
        assertThat(agents.agent("ovg2jQCQS9ScsDkBxG-o2Q")).isPresent();
        assertThat(loader.calls).hasValue(1);
    }

    @Test
    void does_not_load_for_an_absent_agent_id() {
        GladlyAgents agents = new GladlyAgents(loader, now::get, Duration.ofMinutes(30), Duration.ZERO);

        assertThat(agents.agent(null)).isEmpty();
        assertThat(agents.agent(" ")).isEmpty();
        assertThat(loader.calls).hasValue(0);
    }

    @Test
    void loads_again_once_the_list_is_older_than_max_age() {
        GladlyAgents agents = cacheWithAgentA(Duration.ofMinutes(30), Duration.ofMinutes(1));

        loader.agents.set(0, new GladlyAgents.Agent("a", "A", "a@new.co"));
        advance(Duration.ofMinutes(29));
        assertThat(agents.email("a")).contains("a@x.co");
        advance(Duration.ofMinutes(1));
        assertThat(agents.email("a")).contains("a@new.co");
        assertThat(loader.calls).hasValue(2);
    }

    @Test
    void an_unknown_id_loads_again_at_most_once_per_retry_interval() {
        GladlyAgents agents = cacheWithAgentA(Duration.ofHours(1), Duration.ofMinutes(1));

        advance(Duration.ofSeconds(30));
        assertThat(agents.email("deleted")).isEmpty();
        assertThat(agents.email("deleted")).isEmpty();
        assertThat(loader.calls).as("list too young to reload").hasValue(1);

        loader.agents.add(new GladlyAgents.Agent("new", "N", "new@x.co"));
        advance(Duration.ofSeconds(30));
        assertThat(agents.email("new")).contains("new@x.co");
        assertThat(agents.email("deleted")).isEmpty();
        assertThat(loader.calls).hasValue(2);
    }

    @Test
    void a_failed_load_reaches_the_caller_and_the_previous_list_stays_in_use() {
        GladlyAgents agents = cacheWithAgentA(Duration.ofMinutes(5), Duration.ofMinutes(1));

        loader.failure = new IllegalStateException("gladly answered HTTP 429");
        advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> agents.email("a")).hasMessage("gladly answered HTTP 429");

        loader.failure = null;
        assertThat(agents.email("a")).contains("a@x.co");
        assertThat(agents.loads()).isEqualTo(2);
    }

    @Test
    void a_fixed_list_never_loads_again() throws IOException {
        GladlyAgents agents = GladlyAgents.of(recordedAgents());

        assertThat(agents.email("unknown")).isEmpty();
        assertThat(agents.email("WmeA3Y51Q5ayCAaZ1AotIA")).contains("amy.agent@company.com");
        assertThat(agents.loads()).isEqualTo(1);
    }

    @Test
    void refuses_a_non_positive_max_age() {
        assertThatThrownBy(() -> new GladlyAgents(List::of, Instant::now, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
