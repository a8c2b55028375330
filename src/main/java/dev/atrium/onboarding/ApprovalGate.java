package dev.atrium.onboarding;

import dev.atrium.clients.Client;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * "New third-party applications wait for an organization administrator's approval" (issue 14): in an organization
 * the onboarding policy lists, a self-registered third-party application (dynamic registration or a metadata
 * document) gets no consent screen until the organization approved it. The first attempt records the request, so
 * the administrator finds it on the organization's Applications tab. An application registered with a verified
 * software statement ({@link SoftwareStatements}) is pre-approved.
 */
public final class ApprovalGate {
    private final ApplicationApprovalStore store;
    private final Supplier<OnboardingPolicy> policy;
    private final Clock clock;

    public ApprovalGate(ApplicationApprovalStore store, Supplier<OnboardingPolicy> policy, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
    }

    /** Whether {@code client} needs an approval in {@code organizationId} at all under the current policy. */
    public boolean applies(Client client, String organizationId) {
        return organizationId != null && client.isThirdParty() && client.isDynamicallyRegistered()
                && !client.doc().path(SoftwareStatements.PRE_APPROVED).asBoolean(false)
                && policy.get().approvalOrganizations().contains(organizationId);
    }

    /** Empty when the user may go on to consent; else the sentence to show them (and the request is on record). */
    public Optional<String> waiting(Client client, String organizationId) {
        if (!applies(client, organizationId)) {
            return Optional.empty();
        }
        ApplicationApproval a = store.request(organizationId, client.clientId(), clock.instant());
        return switch (a.status()) {
            case APPROVED -> Optional.empty();
            case DENIED -> Optional.of(client.name() + " is not approved for use in this organization. "
                    + "Ask an administrator of the organization if you need it.");
            case PENDING -> Optional.of(client.name() + " is new to this organization and waits for an organization "
                    + "administrator's approval. Nothing was shared with it. Try again once it is approved.");
        };
    }
}
