package dev.atrium.logs;

/**
 * What the rest of Atrium calls to record a tenant log event. Implementations never block the caller
 * and never throw: a log that cannot keep up loses events (and counts them), it does not slow sign-ins.
 */
@FunctionalInterface
public interface EventLog {
    void record(LogEvent.Builder event);

    /** A log that records nothing (logging turned off, or code built without one). */
    EventLog NONE = e -> {
    };
}
