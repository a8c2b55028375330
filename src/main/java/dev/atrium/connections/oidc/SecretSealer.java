package dev.atrium.connections.oidc;

import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/** Encrypts connection secrets at rest; the wiring backs it with the master key (AES-256-GCM). */
public interface SecretSealer {
    String seal(String secret);

    String open(String sealed);

    /**
     * A sealed JSON document (a sign-in's state, a Try's state, a SAML relay) when it was sealed for {@code purpose}
     * (its {@code p}) and its {@code exp} (epoch seconds) is not before {@code nowEpochSecond}; empty for anything
     * else: missing, longer than {@code maxLength}, tampered, another purpose's, expired or not JSON.
     */
    default Optional<ObjectNode> openDocument(String sealed, String purpose, long nowEpochSecond, int maxLength) {
        if (sealed == null || sealed.isEmpty() || sealed.length() > maxLength) {
            return Optional.empty();
        }
        try {
            ObjectNode p = Json.parseObject(open(sealed));
            if (!purpose.equals(Json.text(p, "p", "")) || Json.number(p, "exp", 0) < nowEpochSecond) {
                return Optional.empty();
            }
            return Optional.of(p);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
