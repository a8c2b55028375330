package dev.atrium.email;

import java.time.Instant;

/** The reset and verification requests seen, by bucket (an address or a client IP), shared by every node. */
public interface EmailRequestLog {
    void record(String bucket, Instant at);

    long countSince(String bucket, Instant since);

    /** Forgets requests older than {@code before}. */
    void purge(Instant before);
}
