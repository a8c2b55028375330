package dev.atrium.common;

/** A store refused a create because the unique key is taken. */
public final class AlreadyExistsException extends RuntimeException {
    public AlreadyExistsException(String message) {
        super(message);
    }
}
