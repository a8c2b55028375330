package dev.atrium.migration;

import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Optional;

/**
 * A bulk user import or export job. {@code processed} counts the users read from the file (import)
 * or written to it (export); for an import it is committed with each chunk of users, so it is also
 * where a resumed job starts again.
 */
public record Job(String id, String type, String status, Optional<String> connectionId, ObjectNode doc,
                  Optional<String> filePath, long totalBytes, long readBytes, long processed, long inserted,
                  long updated, long failed, Optional<String> error, Instant createdAt, Instant updatedAt) {
    public static final String IMPORT = "users_import";
    public static final String EXPORT = "users_export";
    /** {@code POST /api/v2/jobs/verification-email}: stored already completed, so it can be read back. */
    public static final String VERIFICATION_EMAIL = "verification_email";
    public static final String PENDING = "pending";
    public static final String PROCESSING = "processing";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public Job {
        doc = doc.deepCopy();
    }

    @Override
    public ObjectNode doc() {
        return doc.deepCopy();
    }

    public boolean finished() {
        return status.equals(COMPLETED) || status.equals(FAILED);
    }
}
