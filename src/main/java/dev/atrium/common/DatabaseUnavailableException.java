package dev.atrium.common;

/**
 * The database cannot serve this request now: no connection could be had (the database is down, or
 * known to be down), a statement ran past its timeout, a connection was cut, or the database refuses
 * writes (read-only, disk full). Nothing the request wanted to write was committed. The web layer
 * answers 503 with {@code Retry-After} in the shape of the API the path belongs to; it is never a 500.
 */
public final class DatabaseUnavailableException extends RuntimeException {
    private final boolean writesRefused;

    public DatabaseUnavailableException(String message, Throwable cause) {
        this(message, false, cause);
    }

    /** {@code writesRefused}: the database answers reads but refuses writes (read-only, disk full). */
    public DatabaseUnavailableException(String message, boolean writesRefused, Throwable cause) {
        super(message, cause, false, false);
        this.writesRefused = writesRefused;
    }

    public boolean writesRefused() {
        return writesRefused;
    }
}
