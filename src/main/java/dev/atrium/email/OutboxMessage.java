package dev.atrium.email;

import java.time.Instant;
import java.util.Optional;

/**
 * One message in the outbox, rendered once when it was queued so that a later template change
 * never alters what a recipient was promised.
 *
 * @param status {@link #PENDING}, {@link #HELD}, {@link #SENT} or {@link #FAILED}
 */
public record OutboxMessage(String id, String recipient, String template, String subject, String textBody,
                            String htmlBody, String status, int attempts, Instant nextAttemptAt,
                            Optional<String> lastError, Instant createdAt, Optional<Instant> sentAt) {
    /** Waiting for the worker. */
    public static final String PENDING = "pending";
    /** No SMTP server is configured: kept to be read on the dashboard, never sent. */
    public static final String HELD = "held";
    public static final String SENT = "sent";
    /** Given up: a permanent refusal, or the last retry failed. */
    public static final String FAILED = "failed";
}
