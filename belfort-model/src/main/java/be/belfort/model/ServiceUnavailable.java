package be.belfort.model;

import java.time.Duration;

/**
 * The platform is too busy to take the request now (no database connection became free in time, a lock
 * was not granted in time): the client may send it again after {@link #retryAfter()}.
 */
public final class ServiceUnavailable extends NgsiLdException {
    private final Duration retryAfter;

    public ServiceUnavailable(String detail, Duration retryAfter, Throwable cause) {
        super(ErrorType.SERVICE_UNAVAILABLE, detail, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
