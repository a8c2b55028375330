package dev.atrium.oauth;

import dev.atrium.common.KeptFields;
import dev.atrium.common.OAuthError;

import dev.atrium.clients.AppType;
import dev.atrium.clients.Client;
import dev.atrium.clients.ClientPatch;
import dev.atrium.clients.ClientService;
import dev.atrium.clients.NewClient;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.RequireBehavior;
import dev.atrium.clients.TokenEndpointAuthMethod;
import dev.atrium.common.Change;
import dev.atrium.clients.ClientStore;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.common.RedirectTargets;
import dev.atrium.onboarding.ClientMetadataFetcher;
import dev.atrium.onboarding.OnboardingPolicy;
import dev.atrium.tenant.TenantSettings;
import dev.atrium.tenant.TenantStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Client ID Metadata Documents (issue 14) behind the {@link ClientStore} the protocol endpoints look clients up
 * in: a {@code client_id} that is an https URL is fetched ({@link ClientMetadataFetcher}), checked, and kept as
 * a strict, public, self-registered third-party application under the internal id {@link #internalId}; every other
 * id goes straight to the store. While the fetched document is fresh the stored application is used as it is; after
 * that the document is fetched again and the application follows it.
 *
 * <p>Invariants: such an application is never first-party and never gets client credentials; its callbacks are
 * the document's {@code redirect_uris}, matched exactly; it is refused when the tenant's onboarding policy has
 * metadata documents off or the host is not allowed, and a new one is refused at the self-registration cap.
 * A refusal is the caller's error shape ({@link #forAuthorize}: a hosted error page, never a redirect to an
 * unverified URI; {@link #forToken}: {@code invalid_client}).
 *
 * <p>Specifications: draft-ietf-oauth-client-id-metadata-document §4, §6; MCP authorization (2025-11-25).
 */
public final class MetadataDocumentClients {
    static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token");

    private final ClientStore store;
    private final ClientService clients;
    private final ClientMetadataFetcher fetcher;
    private final TenantStore tenant;
    private dev.atrium.onboarding.ApplicationExpiry expiry;

    /** Issue 14: self-registered applications unused too long are removed when looked up, and swept before the cap counts. */
    public MetadataDocumentClients expiring(dev.atrium.onboarding.ApplicationExpiry expiry) {
        this.expiry = expiry;
        return this;
    }

    public MetadataDocumentClients(ClientStore store, ClientService clients, ClientMetadataFetcher fetcher, TenantStore tenant) {
        this.store = store;
        this.clients = clients;
        this.fetcher = fetcher;
        this.tenant = tenant;
    }

    /** The internal id of the application behind {@code url}: stable, and within the 64 characters a client id may have. */
    public static String internalId(String url) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return "cimd_" + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The store {@code /authorize} looks clients up in: a refused document is a hosted error page. */
    public ClientStore forAuthorize() {
        return new Resolving(reason -> AuthorizeError.page(OAuthError.INVALID_CLIENT, reason));
    }

    /** The store {@code /oauth/token} authenticates clients from: a refused document is {@code invalid_client}. */
    public ClientStore forToken() {
        return new Resolving(reason -> new OAuthException(400, OAuthError.INVALID_CLIENT, reason));
    }

    /** Whether {@code clientId} is handled here rather than by the store. */
    public boolean handles(String clientId) {
        return fetcher.looksLikeUrl(clientId);
    }

    /** The application for the metadata document at {@code url}; throws {@link ClientMetadataFetcher.Refused} with the reason. */
    public Client resolve(String url) {
        TenantSettings t = tenant.get();
        OnboardingPolicy policy = OnboardingPolicy.of(t.doc());
        if (!policy.metadataDocuments()) {
            throw new ClientMetadataFetcher.Refused("This tenant does not accept Client ID Metadata Documents.");
        }
        String host;
        try {
            host = Optional.ofNullable(new URI(url).getHost()).orElse("");
        } catch (java.net.URISyntaxException e) {
            throw new ClientMetadataFetcher.Refused("The client_id is not a valid URL.");
        }
        String hostRefusal = policy.hostRefusal(host);
        if (hostRefusal != null) {
            throw new ClientMetadataFetcher.Refused(hostRefusal);
        }
        String id = internalId(url);
        Optional<Client> existing = store.find(id);
        ClientMetadataFetcher.Fetched f = fetcher.fetch(url);
        if (existing.isPresent() && !existing.get().doc().path(ClientService.CLIENT_ID_METADATA_FETCHED_AT).asString("")
                .isEmpty() && f.fetchedAt().toString().equals(Json.text(existing.get().doc(), ClientService.CLIENT_ID_METADATA_FETCHED_AT, ""))) {
            return existing.get();
        }
        NewClient request = toApplication(url, host, f.document(), f.fetchedAt());
        synchronized (this) {
            if (existing.isEmpty() && store.find(id).isEmpty()) {
                if (expiry != null) {
                    expiry.sweep();
                }
                long limit = DynamicRegistrationEndpoint.limit(t);
                if (store.list().stream().filter(Client::isDynamicallyRegistered).count() >= limit) {
                    throw new ClientMetadataFetcher.Refused("This tenant has reached its limit of " + limit
                            + " self-registered applications.");
                }
            }
            try {
                return clients.upsertFromMetadataDocument(id, request);
            } catch (InvalidRequestException e) {
                throw new ClientMetadataFetcher.Refused("The client metadata document is invalid: " + e.getMessage());
            }
        }
    }

    /**
     * The application a metadata document (fetched at {@code fetchedAt}) describes; refuses what a public
     * third-party client may not have.
     */
    static NewClient toApplication(String url, String host, ObjectNode d, Instant fetchedAt) {
        if (d.has("client_secret") || d.has("client_secret_expires_at")) {
            throw new ClientMetadataFetcher.Refused("A client metadata document must not contain a client secret.");
        }
        String method = Json.text(d, "token_endpoint_auth_method", "none");
        if (!method.equals("none")) {
            throw new ClientMetadataFetcher.Refused("A client metadata document's token_endpoint_auth_method must be none.");
        }
        JsonNode uris = d.get("redirect_uris");
        if (uris == null || !uris.isArray() || uris.isEmpty() || uris.size() > 20) {
            throw new ClientMetadataFetcher.Refused("A client metadata document must list its redirect_uris (1 to 20).");
        }
        List<String> callbacks = new ArrayList<>();
        for (JsonNode u : uris) {
            if (!u.isString() || !RedirectTargets.allowed(RedirectTargets.Kind.CALLBACK, u.asString())) {
                throw new ClientMetadataFetcher.Refused("A client metadata document's redirect_uris must be exact URLs without wildcards or fragments.");
            }
            callbacks.add(u.asString());
        }
        List<String> grants = new ArrayList<>(List.of("authorization_code"));
        if (Json.stringList(d.get("grant_types")).contains("refresh_token") || !d.has("grant_types")) {
            grants.add("refresh_token");
        }
        String name = Json.text(d, "client_name", host).strip();
        if (name.isEmpty() || name.length() > 100 || name.contains("<") || name.contains(">")
                || DynamicRegistrationEndpoint.impersonatesBuiltIn(name)) {
            throw new ClientMetadataFetcher.Refused("The client metadata document's client_name is not acceptable.");
        }
        ObjectNode stored = Json.object();
        link(d, "client_uri").ifPresent(v -> stored.put("client_uri", v));
        stored.put(ClientService.CLIENT_ID_METADATA_DOCUMENT, url);
        stored.put(ClientService.CLIENT_ID_METADATA_FETCHED_AT, fetchedAt.toString());
        // usable in organizations; each organization's third_party_client_access (and approval policy) decides.
        // Such a client never sends organization, so the user picks one after signing in (T79: Prompt for
        // Credentials); a user in no organization signs in personally. An administrator may change both later.
        ClientPatch fields = ClientPatch.none()
                .withAppType(AppType.NATIVE)
                .withTokenEndpointAuthMethod(Change.to(TokenEndpointAuthMethod.NONE))
                .withOrganizationUsage(Change.to(OrganizationUsage.ALLOW))
                .withOrganizationRequireBehavior(Change.to(RequireBehavior.POST_LOGIN_PROMPT))
                .withCallbacks(callbacks)
                .withGrantTypes(grants)
                .withLogoUri(Change.ifPresent(link(d, "logo_uri")))
                .withOthers(KeptFields.of(stored));
        return new NewClient(name, fields);
    }

    /** An https link of the document, kept when it is at most 2048 characters. */
    private static Optional<String> link(ObjectNode d, String name) {
        return Optional.ofNullable(Json.text(d, name, null)).filter(v -> v.startsWith("https://") && v.length() <= 2048);
    }

    /** A client store that resolves metadata-document URLs and turns a refusal into {@code error}. */
    private final class Resolving implements ClientStore {
        private final Function<String, RuntimeException> error;

        Resolving(Function<String, RuntimeException> error) {
            this.error = error;
        }

        @Override
        public Optional<Client> find(String clientId) {
            Optional<Client> found = lookUp(clientId);
            if (expiry == null || found.isEmpty()) {
                return found;
            }
            if (expiry.removeIfExpired(found.get())) {
                // a metadata-document application comes back from its document, as a new one; a registered one is gone
                found = handles(clientId) ? lookUp(clientId) : Optional.empty();
            }
            found.ifPresent(expiry::used);
            return found;
        }

        private Optional<Client> lookUp(String clientId) {
            if (!handles(clientId)) {
                return store.find(clientId);
            }
            try {
                return Optional.of(resolve(clientId));
            } catch (ClientMetadataFetcher.Refused e) {
                throw error.apply(e.getMessage());
            }
        }

        @Override
        public List<Client> list() {
            return store.list();
        }

        @Override
        public void create(Client client) {
            store.create(client);
        }

        @Override
        public boolean update(Client client) {
            return store.update(client);
        }

        @Override
        public Optional<Client> update(String clientId, UnaryOperator<Client> change) {
            return store.update(clientId, change);
        }

        @Override
        public boolean delete(String clientId) {
            return store.delete(clientId);
        }
    }
}
