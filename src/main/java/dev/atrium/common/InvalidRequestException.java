package dev.atrium.common;

/**
 * A request that breaks a rule of the domain (not merely a type check). The Management API answers
 * it as 400 {@code invalid_body}, the dashboard shows the message beside the form.
 */
public final class InvalidRequestException extends RuntimeException {
    private final String field;

    public InvalidRequestException(String message) {
        this(null, message);
    }

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The property the message is about, when there is one. */
    public String field() {
        return field;
    }
}
