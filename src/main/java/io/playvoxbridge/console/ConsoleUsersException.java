package io.playvoxbridge.console;

/** A users file that cannot be read, parsed or written; the message names the file (and line), never a password. */
public class ConsoleUsersException extends RuntimeException {

    /** @param message what is wrong, naming the file */
    public ConsoleUsersException(String message) {
        super(message);
    }

    /** @param message what is wrong, naming the file; @param cause the I/O error */
    public ConsoleUsersException(String message, Throwable cause) {
        super(message, cause);
    }
}
