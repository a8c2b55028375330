package dev.atrium.resourceservers;

import dev.atrium.common.InvalidRequestException;

import java.util.Optional;

/**
 * {@code subject_type_authorization} of an API: the policy for user flows and the one for
 * machine-to-machine flows, each defaulted when left out ({@link ApiAccessPolicy}). Machine-to-machine
 * flows never take {@link ApiAccessPolicy#ALLOW_ALL}.
 */
public record AccessPolicies(Optional<ApiAccessPolicy> user, Optional<ApiAccessPolicy> client) {
    public AccessPolicies {
        if (client.filter(p -> p == ApiAccessPolicy.ALLOW_ALL).isPresent()) {
            throw clientRefused();
        }
    }

    public static AccessPolicies of(ApiAccessPolicy user, ApiAccessPolicy client) {
        return new AccessPolicies(Optional.of(user), Optional.of(client));
    }

    public static InvalidRequestException userRefused() {
        return new InvalidRequestException("subject_type_authorization",
                "subject_type_authorization.user.policy must be allow_all, deny_all or require_client_grant");
    }

    public static InvalidRequestException clientRefused() {
        return new InvalidRequestException("subject_type_authorization",
                "subject_type_authorization.client.policy must be deny_all or require_client_grant");
    }
}
