package be.belfort.storage;

/**
 * The embedded database could not start for a reason the operator can act on; the message says what, and
 * where to look, in one line.
 */
public class DatabaseStartException extends RuntimeException {
    public DatabaseStartException(String message) {
        super(message);
    }

    public DatabaseStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
