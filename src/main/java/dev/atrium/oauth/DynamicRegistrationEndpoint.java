package dev.atrium.oauth;

import dev.atrium.common.KeptFields;
import dev.atrium.common.OAuthError;

import dev.atrium.bootstrap.Bootstrap;
import dev.atrium.clients.AppType;
import dev.atrium.clients.ClientPatch;
import dev.atrium.clients.ClientService;
import dev.atrium.clients.NewClient;
import dev.atrium.clients.ThirdPartySecurityMode;
import dev.atrium.clients.TokenEndpointAuthMethod;
import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.common.RedirectTargets;
import dev.atrium.onboarding.SoftwareStatements;
import dev.atrium.tenant.TenantSettings;
import dev.atrium.tenant.TenantStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.text.Normalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /oidc/register}: open dynamic client registration. Every registration becomes a
 * third-party application in the tenant's registration mode, reaching APIs only through the
 * {@code default_for: third_party_clients} grants; the developer gets no way to read or change it
 * afterwards (no registration access token). Each registration costs a row, so it is rate-limited per
 * tenant and per client address, the number of dynamically registered applications is capped by the
 * tenant setting {@link #LIMIT_SETTING}, and a name imitating Atrium's own applications is refused.
 *
 * <p>Specifications: RFC 7591 §2, §3.2; OpenID Connect Dynamic Client Registration 1.0 §3;
 * third-party-apps.md T89–T97, errors X24–X27; api-contract.md §A.11.
 */
public final class DynamicRegistrationEndpoint {
    static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token");

    /** The tenant setting capping how many dynamically registered applications may exist (issue 9 point 13). */
    public static final String LIMIT_SETTING = "atrium_dynamic_client_registration_limit";
    public static final int DEFAULT_LIMIT = 1000;
    /** Per client address: a burst of this many, then {@link #PER_ADDRESS_REFILL_MILLIS} per further registration. */
    static final int PER_ADDRESS_BURST = 10;
    static final long PER_ADDRESS_REFILL_MILLIS = 1000;
    private static final int MAX_TRACKED_ADDRESSES = 10_000;
    /** The names of the applications Atrium creates itself, which a registration may not imitate (point 16). */
    static final List<String> BUILT_IN_NAMES = List.of(Bootstrap.DASHBOARD_NAME, "Atrium bootstrap");

    private final ClientService clients;
    private final TenantStore tenant;
    private final int perSecond;
    private final Clock clock;
    private long windowSecond;
    private int used;
    /** Token buckets by client address: the time at which the bucket was last full (older = full). */
    private final Map<String, Long> addressFullAt = new HashMap<>();

    /**
     * {@code perSecond}: the tenant-wide rate limit (T90: 5 per second). Each client address also has its
     * own, smaller budget ({@link #PER_ADDRESS_BURST}), so one address cannot take the whole tenant's.
     */
    public DynamicRegistrationEndpoint(ClientService clients, TenantStore tenant, int perSecond, Clock clock) {
        this.clients = clients;
        this.tenant = tenant;
        this.perSecond = perSecond;
        this.clock = clock;
    }

    private dev.atrium.logs.EventLog log = dev.atrium.logs.EventLog.NONE;

    /** As the other constructor, recording each registration and refused registration in the tenant log. */
    public DynamicRegistrationEndpoint(ClientService clients, TenantStore tenant, int perSecond, Clock clock,
                                       dev.atrium.logs.EventLog log) {
        this(clients, tenant, perSecond, clock);
        this.log = log;
    }

    private dev.atrium.onboarding.InitialAccessTokens initialAccessTokens;
    private dev.atrium.onboarding.ApplicationExpiry expiry;

    /** Issue 14: the onboarding policy's initial access tokens and the expiry of unused self-registered applications. */
    public DynamicRegistrationEndpoint onboarding(dev.atrium.onboarding.InitialAccessTokens tokens, dev.atrium.onboarding.ApplicationExpiry expiry) {
        this.initialAccessTokens = tokens;
        this.expiry = expiry;
        return this;
    }

    /** The registration response (status 201) for a JSON request body sent from {@code remoteAddress}, without credentials. */
    public ObjectNode register(JsonNode body, String remoteAddress) {
        return register(body, remoteAddress, null);
    }

    /** As above; {@code authorization} is the request's Authorization header (an initial access token), or null. */
    public ObjectNode register(JsonNode body, String remoteAddress, String authorization) {
        String name = body != null && body.get("client_name") != null ? body.get("client_name").asString() : null;
        try {
            ObjectNode out = registerUnlogged(body, remoteAddress, authorization);
            log.record(dev.atrium.logs.LogEvent.of(dev.atrium.logs.LogTypes.CLIENT_REGISTERED, "Dynamic client registration")
                    .client(out.get("client_id").asString(), name));
            return out;
        } catch (OAuthException e) {
            log.record(dev.atrium.logs.LogEvent.of(dev.atrium.logs.LogTypes.CLIENT_REGISTRATION_FAILED, e.description())
                    .client(null, name).detail("error", e.error().code()));
            throw e;
        }
    }

    private ObjectNode registerUnlogged(JsonNode body, String remoteAddress, String authorization) {
        TenantSettings t = tenant.get();
        dev.atrium.onboarding.OnboardingPolicy policy = dev.atrium.onboarding.OnboardingPolicy.of(t.doc());
        if (!t.flag("enable_dynamic_client_registration") || policy.registrationOff()) {
            throw new OAuthException(403, OAuthError.ACCESS_DENIED, "Dynamic client registration is disabled for this tenant");
        }
        if (!admitAddress(remoteAddress == null ? "" : remoteAddress) || !admit()) {
            throw new OAuthException(429, OAuthError.TOO_MANY_REQUESTS, "Too many registrations; try again in a second.");
        }
        if (policy.registrationNeedsToken()) {
            // RFC 7591 §3: the tenant opens registration only to holders of an initial access token (RFC 6750 error shape)
            String refusal = initialAccessTokens == null ? "This tenant requires an initial access token"
                    : initialAccessTokens.refusal(authorization);
            if (refusal != null) {
                throw new OAuthException(401, OAuthError.INVALID_TOKEN, refusal);
            }
        }
        if (!(body instanceof ObjectNode raw)) {
            throw metadata("the request body must be a JSON object");
        }
        // issue 14: a software statement signed by a vendor the tenant trusts takes precedence (RFC 7591 §2.3, §3.1.1)
        ObjectNode request;
        try {
            request = SoftwareStatements.apply(raw, t.doc().get(SoftwareStatements.SETTING), clock.instant());
        } catch (SoftwareStatements.Refused e) {
            throw new OAuthException(400, e.error(), e.getMessage());
        }
        List<String> redirectUris = redirectUris(request.get("redirect_uris"));
        String method = stringMember(request, "token_endpoint_auth_method", TokenEndpointAuthMethod.CLIENT_SECRET_POST.wire());
        TokenEndpointAuthMethod auth = TokenEndpointAuthMethod.parse(method)
                .orElseThrow(() -> metadata("token_endpoint_auth_method is invalid"));
        JsonNode responseTypes = request.get("response_types");
        if (responseTypes != null && !(responseTypes.isArray() && responseTypes.size() == 1
                && "code".equals(responseTypes.get(0).asString()))) {
            throw metadata("response_types is invalid");
        }
        List<String> grantTypes = grantTypes(request.get("grant_types"));
        String name = stringMember(request, "client_name", null);
        if (name != null && impersonatesBuiltIn(name)) {
            throw metadata("client_name must not imitate an application of Atrium itself");
        }

        ObjectNode stored = Json.object();
        if (request.has("software_statement_issuer")) {
            stored.put(SoftwareStatements.PRE_APPROVED, true);
            stored.put("software_statement_issuer", Json.text(request, "software_statement_issuer", ""));
            String softwareId = Json.text(request, "software_id", null);
            if (softwareId != null) {
                stored.put("software_id", softwareId);
            }
        }
        NewClient app = new NewClient(name, ClientPatch.none()
                .withAppType(auth == TokenEndpointAuthMethod.NONE ? AppType.NATIVE : AppType.REGULAR_WEB)
                .withCallbacks(redirectUris)
                .withGrantTypes(grantTypes)
                .withTokenEndpointAuthMethod(Change.to(auth))
                .withOthers(KeptFields.of(stored)));
        ClientService.Created created;
        // one registration at a time on this node, so the cap is not overrun by a burst of parallel requests
        synchronized (this) {
            if (expiry != null) {
                expiry.sweep();
            }
            long limit = limit(t);
            if (clients.list().stream().filter(dev.atrium.clients.Client::isDynamicallyRegistered).count() >= limit) {
                throw new OAuthException(403, OAuthError.ACCESS_DENIED, "This tenant has reached its limit of " + limit
                        + " dynamically registered applications; ask its administrator to remove unused ones");
            }
            try {
                created = clients.register(app, mode(t));
            } catch (InvalidRequestException e) {
                throw metadata(e.getMessage());
            }
        }
        ObjectNode out = Json.object();
        out.put("client_name", created.client().name());
        out.put("client_id", created.client().clientId());
        created.secret().ifPresent(s -> out.put("client_secret", s));
        out.set("redirect_uris", Json.strings(redirectUris));
        out.put("client_secret_expires_at", 0);
        out.set("grant_types", Json.strings(grantTypes));
        out.put("token_endpoint_auth_method", method);
        return out;
    }

    /**
     * §5 C2: a tenant that is not eligible always registers strict applications; an eligible one
     * uses its setting, and without one keeps the legacy permissive behaviour.
     */
    static ThirdPartySecurityMode mode(TenantSettings t) {
        if (!t.flag("third_party_permissive_mode_eligible")) {
            return ThirdPartySecurityMode.STRICT;
        }
        return ThirdPartySecurityMode.parse(Json.text(t.doc(), "dynamic_client_registration_security_mode", null))
                .orElse(ThirdPartySecurityMode.PERMISSIVE);
    }

    /** {@link #LIMIT_SETTING}, or {@link #DEFAULT_LIMIT} when the tenant has not set it. */
    public static long limit(TenantSettings t) {
        JsonNode v = t.doc().get(LIMIT_SETTING);
        return v != null && v.isIntegralNumber() ? v.asLong() : DEFAULT_LIMIT;
    }

    /**
     * Case, spacing, punctuation and compatibility forms do not matter: "atrium  DASHBOARD" and
     * "Atrium-Dashboard (official)" imitate "Atrium Dashboard" as well as the exact name does.
     */
    static boolean impersonatesBuiltIn(String name) {
        String n = squash(name);
        return BUILT_IN_NAMES.stream().map(DynamicRegistrationEndpoint::squash).anyMatch(n::contains);
    }

    private static String squash(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    /** A token bucket per address, refilled one registration per {@link #PER_ADDRESS_REFILL_MILLIS}. */
    private synchronized boolean admitAddress(String address) {
        long now = clock.millis();
        long capacity = PER_ADDRESS_BURST * PER_ADDRESS_REFILL_MILLIS;
        if (addressFullAt.size() > MAX_TRACKED_ADDRESSES) {
            // an address whose bucket has refilled carries no state worth keeping
            addressFullAt.values().removeIf(fullAt -> fullAt <= now);
        }
        long fullAt = Math.max(addressFullAt.getOrDefault(address, now), now);
        if (fullAt - now + PER_ADDRESS_REFILL_MILLIS > capacity) {
            return false;
        }
        addressFullAt.put(address, fullAt + PER_ADDRESS_REFILL_MILLIS);
        return true;
    }

    private synchronized boolean admit() {
        long second = clock.millis() / 1000;
        if (second != windowSecond) {
            windowSecond = second;
            used = 0;
        }
        return ++used <= perSecond;
    }

    /** X25: required, non-empty, and each an exact https URL or a loopback http URL, without fragment or wildcard. */
    static List<String> redirectUris(JsonNode n) {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw new OAuthException(400, OAuthError.INVALID_REDIRECT_URI, "redirect_uris is required");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isString() || !exactRedirect(e.asString())) {
                throw new OAuthException(400, OAuthError.INVALID_REDIRECT_URI, "redirect_uris must be exact https or loopback URLs");
            }
            out.add(e.asString());
        }
        return out;
    }

    /** The shared rule for callbacks (user-info, fragments, wildcards refused), narrowed to web URLs. */
    private static boolean exactRedirect(String s) {
        return RedirectTargets.allowed(RedirectTargets.Kind.CALLBACK, s) && RedirectTargets.isWeb(s);
    }

    /**
     * T92: only the code and refresh grants survive; the rest (including client credentials, T84) is
     * dropped. [Proposed] {@code authorization_code} is always kept, as the only flow such a client can start.
     */
    static List<String> grantTypes(JsonNode n) {
        if (n == null) {
            return GRANT_TYPES;
        }
        if (!n.isArray()) {
            throw metadata("grant_types is invalid");
        }
        List<String> asked = Json.stringList(n);
        List<String> out = new ArrayList<>();
        out.add("authorization_code");
        if (asked.contains("refresh_token")) {
            out.add("refresh_token");
        }
        return out;
    }

    private static String stringMember(ObjectNode request, String name, String dflt) {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isString() || v.asString().isBlank()) {
            throw metadata(name + " is invalid");
        }
        return v.asString();
    }

    private static OAuthException metadata(String description) {
        return new OAuthException(400, OAuthError.INVALID_CLIENT_METADATA, description);
    }
}
