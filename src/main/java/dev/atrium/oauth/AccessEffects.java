package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.FlowStep;

import java.util.List;
import java.util.Optional;

/**
 * Carries out an allowing access decision on a transaction: the membership it implies (O50, O61) or the
 * invitation it accepts (O77), then records the decision. The only writes of the access decision.
 */
public final class AccessEffects {
    private final OrganizationDirectory organizations;

    public AccessEffects(OrganizationDirectory organizations) {
        this.organizations = organizations;
    }

    /** The transaction with the decision recorded; throws a redirect error when the invitation was used up meanwhile. */
    AuthTransaction apply(AuthTransaction tx, FlowStep.ApplyAccess a) {
        if (a.organization().isPresent()) {
            String org = a.organization().get();
            Optional<OrganizationDirectory.Invitation> inv = Optional.ofNullable(tx.request().invitation())
                    .flatMap(organizations::invitation).filter(i -> i.organizationId().equals(org));
            if (inv.isPresent()) {
                acceptInvitation(inv.get(), tx.userId());
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
    private void acceptInvitation(OrganizationDirectory.Invitation invitation, String userId) {
        if (!organizations.acceptInvitation(invitation.id(), userId)) {
            throw AuthorizeError.redirect(OAuthError.INVALID_REQUEST, "invitation not found or expired");
        }
    }
}
