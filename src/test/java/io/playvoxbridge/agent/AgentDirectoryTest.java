package io.playvoxbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agents file: vendor agent to Playvox user. */
class AgentDirectoryTest {

    static final String FIXTURES = "classpath:fixtures/agents/";

    @Test
    void maps_agents_exactly_as_written_with_accents_and_quoted_commas() {
        AgentDirectory agents = AgentDirectory.load(FIXTURES + "agents.csv");

        assertThat(agents.size()).isEqualTo(6);
        assertThat(agents.playvoxUser("wolkvox", "Ana Pérez")).contains("ana.perez@example.com");
        assertThat(agents.playvoxUser("wolkvox", "Muñoz, José")).contains("jose.munoz@example.com");
        assertThat(agents.playvoxUser("five9", "Ana Pérez")).contains("ana.perez.five9@example.com");
        assertThat(agents.playvoxUser("wolkvox", "ana pérez")).contains("ana.lower@example.com");
    }

    @Test
    void trims_whitespace_around_cells_but_keeps_the_inner_text() {
        AgentDirectory agents = AgentDirectory.load(FIXTURES + "agents.csv");

        assertThat(agents.playvoxUser("wolkvox", "Carlos Ruiz")).contains("cruiz");
        assertThat(agents.playvoxUser("wolkvox", "María  José  Ñúñez")).contains("mjnunez");
        assertThat(agents.playvoxUser("wolkvox", "María José Ñúñez")).isEmpty();
    }

    @Test
    void finds_nothing_for_an_unknown_agent_or_another_source() {
        AgentDirectory agents = AgentDirectory.load(FIXTURES + "agents.csv");

        assertThat(agents.playvoxUser("wolkvox", "Nadie")).isEmpty();
        assertThat(agents.playvoxUser("wolkvox", "Ana Perez")).isEmpty();
        assertThat(agents.playvoxUser("gladly", "Ana Pérez")).isEmpty();
        assertThat(agents.playvoxUser("wolkvox", null)).isEmpty();
    }

    @Test
    void reads_a_file_with_a_byte_order_mark_crlf_lines_and_an_extra_column() {
        AgentDirectory agents = AgentDirectory.load(FIXTURES + "bom-crlf-extra-column.csv");

        assertThat(agents.size()).isEqualTo(2);
        assertThat(agents.playvoxUser("wolkvox", "Zoë Ortiz")).contains("zoe@example.com");
        assertThat(agents.playvoxUser("wolkvox", "Luis Gómez 🎧")).contains("lgomez");
    }

    @Test
    void reads_a_file_path(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agents.csv");
        Files.writeString(file, "source,agent_key,playvox_user\nwolkvox,Ana Pérez,ana@example.com\n");

        assertThat(AgentDirectory.load(file.toString()).playvoxUser("wolkvox", "Ana Pérez")).contains("ana@example.com");
    }

    @Test
    void accepts_a_file_with_only_the_header() {
        assertThat(AgentDirectory.load(FIXTURES + "header-only.csv").size()).isZero();
    }

    @Test
    void refuses_a_missing_file_naming_it() {
        assertThatThrownBy(() -> AgentDirectory.load("no/such/agents.csv"))
                .isInstanceOf(AgentDirectoryException.class)
                .hasMessageStartingWith("bridge.agents-file: no/such/agents.csv: file not found");
        assertThatThrownBy(() -> AgentDirectory.load("classpath:no-such-agents.csv"))
                .isInstanceOf(AgentDirectoryException.class)
                .hasMessage("bridge.agents-file: classpath:no-such-agents.csv: not found on the classpath");
    }

    @Test
    void refuses_a_header_without_the_agent_key_column() {
        assertThatThrownBy(() -> AgentDirectory.load(FIXTURES + "missing-column.csv"))
                .isInstanceOf(AgentDirectoryException.class)
                .hasMessageStartingWith("bridge.agents-file: " + FIXTURES + "missing-column.csv: missing header column agent_key");
    }

    @Test
    void refuses_an_empty_playvox_user_naming_the_line() {
        assertThatThrownBy(() -> AgentDirectory.load(FIXTURES + "empty-playvox-user.csv"))
                .isInstanceOf(AgentDirectoryException.class)
                .hasMessageStartingWith("bridge.agents-file: " + FIXTURES + "empty-playvox-user.csv: empty playvox_user at line 4");
    }

    @Test
    void counts_lines_of_the_file_not_rows_when_a_cell_spans_lines() {
        assertThatThrownBy(() -> AgentDirectory.load(FIXTURES + "empty-playvox-user-after-multiline-note.csv"))
                .isInstanceOf(AgentDirectoryException.class)
                .hasMessageContaining("empty playvox_user at line 5");
    }

    @Test
    void refuses_a_duplicate_agent_naming_both_lines() {
        assertThatThrownBy(() -> AgentDirectory.load(FIXTURES + "duplicate-agent.csv"))
                .isInstanceOf(AgentDirectoryException.class)
                .hasMessage("bridge.agents-file: " + FIXTURES + "duplicate-agent.csv: duplicate (source, agent_key) "
                        + "(wolkvox, Ana Pérez) at line 5, first at line 2");
    }

    @Test
    void refuses_a_row_with_more_cells_than_the_header() {
        assertThatThrownBy(() -> AgentDirectory.load(FIXTURES + "too-many-cells.csv"))
                .isInstanceOf(AgentDirectoryException.class)
                .hasMessageStartingWith("bridge.agents-file: " + FIXTURES + "too-many-cells.csv: not valid CSV at line 2");
    }

    @Test
    void refuses_a_file_that_is_not_utf_8() {
        assertThatThrownBy(() -> AgentDirectory.load(FIXTURES + "latin1.csv"))
                .isInstanceOf(AgentDirectoryException.class)
                .hasMessage("bridge.agents-file: " + FIXTURES + "latin1.csv: not UTF-8 text (save it as CSV UTF-8)");
    }

    @Test
    void refuses_an_empty_file() {
        assertThatThrownBy(() -> AgentDirectory.load(FIXTURES + "empty.csv"))
                .isInstanceOf(AgentDirectoryException.class)
                .hasMessageStartingWith("bridge.agents-file: " + FIXTURES + "empty.csv: the file is empty");
    }
}
