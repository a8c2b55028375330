package dev.atrium.oauth;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientSecrets;
import dev.atrium.clients.ClientStore;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Authenticates the client of a back-channel request: {@code client_secret_basic} (both parts
 * form-url-decoded after the split, as RFC 6749 §2.3.1 asks), {@code client_secret_post}, or
 * {@code none} for public clients. Every failure is the same 401 {@code access_denied}/{@code Unauthorized},
 * so a caller cannot tell an unknown client from a wrong secret.
 *
 * <p>Specifications: RFC 6749 §2.3; api-contract.md §A.2.
 */
public final class ClientAuthenticator {
    private final ClientStore clients;
    private final ClientSecrets secrets;

    public ClientAuthenticator(ClientStore clients, ClientSecrets secrets) {
        this.clients = clients;
        this.secrets = secrets;
    }

    /** The authenticated client. {@code allowPublic}: whether a client without credentials may pass. */
    public Client authenticate(OAuthRequest req, boolean allowPublic) {
        String clientId;
        Optional<String> secret;
        Optional<String[]> basic = req.authorization().flatMap(ClientAuthenticator::basic);
        if (basic.isPresent()) {
            clientId = basic.get()[0];
            secret = Optional.of(basic.get()[1]);
            Optional<String> bodyId = req.param("client_id");
            if (bodyId.isPresent() && !bodyId.get().equals(clientId)) {
                throw OAuthException.unauthorizedClient();
            }
        } else {
            clientId = req.param("client_id").orElseThrow(() -> OAuthException.missing("client_id"));
            secret = req.param("client_secret");
        }
        Optional<Client> client = clients.find(clientId);
        if (client.isEmpty()) {
            throw OAuthException.unauthorizedClient();
        }
        Client c = client.get();
        if (secret.isPresent()) {
            if (c.secretHash().isEmpty() || !secrets.matches(secret.get(), c.secretHash().get())) {
                throw OAuthException.unauthorizedClient();
            }
            return c;
        }
        if (allowPublic && c.isPublic()) {
            return c;
        }
        throw OAuthException.unauthorizedClient();
    }

    private static Optional<String[]> basic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw OAuthException.unauthorizedClient();
            }
            return Optional.of(new String[]{
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
        } catch (IllegalArgumentException e) {
            throw OAuthException.unauthorizedClient();
        }
    }
}
