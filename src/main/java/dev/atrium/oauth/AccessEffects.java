package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.FlowStep;
import dev.atrium.logs.EventLog;
import dev.atrium.logs.LogEvent;
import dev.atrium.logs.LogTypes;

import java.util.List;
import java.util.Optional;

/**
 * Carries out an allowing access decision on a transaction: the membership it implies (O50, O61) or the
 * invitation it accepts (O77), then records the decision. The only writes of the access decision.
 */
public final class AccessEffects {
    private final OrganizationDirectory organizations;
    private final EventLog log;

    public AccessEffects(OrganizationDirectory organizations) {
        this(organizations, EventLog.NONE);
    }

    /** Records invitations accepted ({@code si}) and found used up at acceptance ({@code fi}) to {@code log} (O77). */
    public AccessEffects(OrganizationDirectory organizations, EventLog log) {
        this.organizations = organizations;
        this.log = log;
    }

    /** The transaction with the decision recorded; throws a redirect error when the invitation was used up meanwhile. */
    AuthTransaction apply(AuthTransaction tx, FlowStep.ApplyAccess a) {
        if (a.organization().isPresent()) {
            String org = a.organization().get();
            Optional<OrganizationDirectory.Invitation> inv = Optional.ofNullable(tx.request().invitation())
                    .flatMap(organizations::invitation).filter(i -> i.organizationId().equals(org));
            if (inv.isPresent()) {
                acceptInvitation(inv.get(), tx);
            } else if (a.addMembership()) {
                organizations.addMember(org, tx.userId(), List.of());
            }
        }
        return tx.granted(a.organization().orElse(null));
    }

    /**
     * O77: membership, roles, the invitation used up and the invited email verified, in one store transaction
     * (so a second acceptance finds nothing, and no half-accepted invitation remains).
     */
    private void acceptInvitation(OrganizationDirectory.Invitation invitation, AuthTransaction tx) {
        boolean accepted = organizations.acceptInvitation(invitation.id(), tx.userId());
        log.record((accepted ? LogEvent.of(LogTypes.INVITATION_ACCEPTED, "Invitation accepted")
                : LogEvent.of(LogTypes.INVITATION_REFUSED, "invitation not found or expired").reason("invitation_used"))
                .client(tx.request().clientId(), null).user(tx.userId(), null)
                .organization(invitation.organizationId(), null).detail("invitation_id", invitation.id()));
        if (!accepted) {
            throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "invitation not found or expired");
        }
    }
}
