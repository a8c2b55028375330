package dev.atrium.onboarding;

import java.time.Instant;
import java.util.Optional;

/** An organization's decision on a self-registered third-party application; {@code decidedAt} is empty while pending. */
public record ApplicationApproval(String organizationId, String clientId, Status status, Instant requestedAt, Optional<Instant> decidedAt) {
    public enum Status {
        PENDING, APPROVED, DENIED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<Status> parse(String s) {
            for (Status v : values()) {
                if (v.wire().equals(s)) {
                    return Optional.of(v);
                }
            }
            return Optional.empty();
        }
    }
}
