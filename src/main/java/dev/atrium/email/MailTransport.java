package dev.atrium.email;

/** Hands one rendered message to a mail server. */
public interface MailTransport {
    /**
     * Delivers {@code message}; throws {@link Failure} saying whether trying again could help.
     * Must return or throw within its own timeouts, well inside the worker's lease.
     */
    void send(OutboxMessage message) throws Failure;

    /** A delivery that did not happen; {@code permanent} when the server refused the message for good (5xx). */
    final class Failure extends Exception {
        private final boolean permanent;

        public Failure(String message, boolean permanent, Throwable cause) {
            super(message, cause);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
