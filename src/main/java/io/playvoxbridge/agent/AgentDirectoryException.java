package io.playvoxbridge.agent;

/**
 * The agents file cannot be used. The message starts with {@code bridge.agents-file: }, then names the file and
 * the problem, e.g. {@code bridge.agents-file: agents.csv: empty playvox_user at line 4}.
 */
public class AgentDirectoryException extends RuntimeException {

    /**
     * @param message the whole message, starting with {@code bridge.agents-file: }
     * @param cause   the I/O or parse error behind it; may be null
     */
    public AgentDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
