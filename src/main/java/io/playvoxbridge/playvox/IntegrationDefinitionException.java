package io.playvoxbridge.playvox;

import java.util.List;

/**
 * An integration definition file cannot be used. Each problem names the file and the exact field, e.g.
 * {@code integrations/wolkvox-chat.yaml: metadata[2].field_id 'Channel' must be 3-30 characters of a-z and _};
 * the message holds every problem found, one per line.
 */
public class IntegrationDefinitionException extends RuntimeException {

    /** Every problem, each starting with the file's location. */
    private final List<String> problems;

    /**
     * @param problems every problem, each starting with the file's location; at least one
     * @param cause    the I/O or YAML error behind them; may be null
     */
    public IntegrationDefinitionException(List<String> problems, Throwable cause) {
        super(String.join("\n", problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** @return the problems, one per entry, each starting with the file's location */
    public List<String> problems() {
        return problems;
    }
}
