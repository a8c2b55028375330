package dev.atrium.onboarding;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Organization approvals of self-registered third-party applications. {@code request} records a pending
 * request once and never changes a decision already taken; {@code decide} changes an existing row only.
 */
public interface ApplicationApprovalStore {
    Optional<ApplicationApproval> find(String organizationId, String clientId);

    /** The row for (organization, application): the existing one, or a new pending one. */
    ApplicationApproval request(String organizationId, String clientId, Instant now);

    /** Records a decision (also for an application not yet requested); false when organization or application does not exist. */
    boolean decide(String organizationId, String clientId, ApplicationApproval.Status status, Instant now);

    /** The organization's rows, oldest request first. */
    List<ApplicationApproval> list(String organizationId);
}
