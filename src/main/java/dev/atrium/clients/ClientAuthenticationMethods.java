package dev.atrium.clients;

import dev.atrium.common.KeptFields;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * {@code client_authentication_methods} of an application, kept as sent, with the reading the service
 * acts on: the {@code private_key_jwt} credentials it lists (which replace the secret).
 */
public record ClientAuthenticationMethods(KeptFields methods) {
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";

    /** The methods' names, in their order. */
    public Set<String> names() {
        return methods.names();
    }

    public boolean hasPrivateKeyJwt() {
        return methods.has(PRIVATE_KEY_JWT);
    }

    /** The credential ids listed under {@code private_key_jwt.credentials}. */
    public List<String> privateKeyJwtCredentialIds() {
        ObjectNode doc = dev.atrium.common.Json.object();
        doc.set("client_authentication_methods", methods.toJson());
        return Client.privateKeyJwtIds(doc);
    }

    ObjectNode toJson() {
        return methods.toJson();
    }
}
