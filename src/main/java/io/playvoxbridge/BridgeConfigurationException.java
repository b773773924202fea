package io.playvoxbridge;

/**
 * A setting that stops the start: its message names the key and what is wrong with it, e.g.
 * {@code wolkvox.time-zone: 'Mars/Base' is not an IANA time zone}.
 */
public class BridgeConfigurationException extends RuntimeException {

    /** @param message {@code <key>: <what is wrong>} */
    public BridgeConfigurationException(String message) {
        super(message);
    }

    /** @param message {@code <key>: <what is wrong>}; @param cause the underlying error */
    public BridgeConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param error any exception
     * @return the first {@link BridgeConfigurationException} in its cause chain, or null
     */
    public static BridgeConfigurationException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BridgeConfigurationException b) {
                return b;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
