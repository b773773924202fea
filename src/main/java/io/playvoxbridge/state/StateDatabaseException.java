package io.playvoxbridge.state;

/**
 * The state database cannot be opened, migrated, read or written.
 *
 * <p>When opening fails the message starts with {@code bridge.state.jdbc-url: cannot open <url>: <cause>}
 * (the URL with any password masked), so an operator knows which setting to fix. Failures of the stores
 * ({@link WatermarkStore}, {@link DeliveryLog}, {@link DeadLetterStore}, {@link IntegrationIdStore}) start
 * with {@code state: } and name the operation and its key.
 */
public class StateDatabaseException extends RuntimeException {

    /**
     * @param message what failed, for an operator
     * @param cause   the underlying {@link java.sql.SQLException} or pool/migration error; may be null
     */
    public StateDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
