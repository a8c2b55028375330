package dev.atrium.oauth;

import dev.atrium.common.OAuthError;

import dev.atrium.clients.Client;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.connections.ConnectionStore;
import dev.atrium.common.Change;
import dev.atrium.users.NewUser;
import dev.atrium.users.User;
import dev.atrium.users.UserProfile;
import dev.atrium.users.UserService;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * {@code POST /dbconnections/signup}: an application creates a user in one of its database connections
 * without the hosted pages. The rules are the user service's (password policy, duplicates); errors use
 * the OAuth shape, as Auth0's do on this endpoint. Third-party applications may not use it (X21, T100).
 *
 * <p>Specifications: api-contract.md §A.12; Auth0 Authentication API "Signup".
 */
public final class DbConnectionsEndpoint {
    private final ClientStore clients;
    private final ConnectionStore connections;
    private final UserService users;
    private final SignedUp signedUp;

    /** Told of each user created here, with the application that created it (issue 13: the verification e-mail). */
    @FunctionalInterface
    public interface SignedUp {
        void signedUp(User user, String clientId);
    }

    public DbConnectionsEndpoint(ClientStore clients, ConnectionStore connections, UserService users) {
        this(clients, connections, users, (user, clientId) -> { });
    }

    public DbConnectionsEndpoint(ClientStore clients, ConnectionStore connections, UserService users, SignedUp signedUp) {
        this.clients = clients;
        this.connections = connections;
        this.users = users;
        this.signedUp = signedUp;
    }

    /** The 200 body {@code {_id, email, email_verified[, username]}}. */
    public ObjectNode signup(OAuthRequest request, Optional<ObjectNode> userMetadata) {
        String clientId = request.required("client_id");
        Client client = clients.find(clientId)
                .orElseThrow(() -> OAuthException.invalidRequest("Unknown client: " + clientId));
        if (client.isThirdParty()) {
            throw new OAuthException(403, OAuthError.UNAUTHORIZED_CLIENT, "endpoint not available for third-party clients");
        }
        String email = request.required("email");
        String password = request.required("password");
        String connectionName = request.required("connection");
        Connection connection = connections.forClient(client.clientId()).stream()
                .filter(c -> c.name().equals(connectionName) && c.isDatabase())
                .findFirst()
                .orElseThrow(() -> new OAuthException(400, OAuthError.INVALID_SIGNUP,
                        "The connection " + connectionName + " is not a database connection enabled for this application"));
        if (!connection.signupAllowed()) {
            throw new OAuthException(400, OAuthError.INVALID_SIGNUP, "Sign-up is disabled for this connection");
        }
        NewUser create = NewUser.of(connection.name(), email, password);
        if (request.param("username").isPresent()) {
            create = create.withUsername(request.param("username").get());
        }
        UserProfile profile = UserProfile.none();
        profile = profile.withGivenName(Change.ifPresent(request.param("given_name")));
        profile = profile.withFamilyName(Change.ifPresent(request.param("family_name")));
        profile = profile.withName(Change.ifPresent(request.param("name")));
        profile = profile.withNickname(Change.ifPresent(request.param("nickname")));
        profile = profile.withPicture(Change.ifPresent(request.param("picture")));
        create = create.withProfile(profile);
        if (userMetadata.isPresent()) {
            create = create.withUserMetadata(userMetadata.get());
        }
        User user;
        try {
            user = users.signup(client.clientId(), client.name(), create);
        } catch (AlreadyExistsException e) {
            throw new OAuthException(400, OAuthError.INVALID_SIGNUP, "The user already exists");
        } catch (InvalidRequestException e) {
            if ("password".equals(e.field()) && e.getMessage().equals(UserService.WEAK_PASSWORD)) {
                throw new OAuthException(400, OAuthError.INVALID_PASSWORD, "Password is too weak");
            }
            throw new OAuthException(400, OAuthError.INVALID_SIGNUP, e.getMessage());
        }
        signedUp.signedUp(user, client.clientId());
        ObjectNode out = Json.object();
        out.put("_id", user.userId().substring(user.userId().indexOf('|') + 1));
        out.put("email", user.email().orElse(email));
        out.put("email_verified", user.emailVerified());
        user.username().ifPresent(u -> out.put("username", u));
        return out;
    }
}
