package dev.atrium.web.management;

import dev.atrium.common.KeptFields;
import dev.atrium.clients.AppType;
import dev.atrium.clients.ClientAuthenticationMethods;
import dev.atrium.clients.ClientGrantPatch;
import dev.atrium.clients.ClientPatch;
import dev.atrium.clients.DefaultOrganization;
import dev.atrium.clients.JwtConfiguration;
import dev.atrium.clients.NewClient;
import dev.atrium.clients.NewClientCredential;
import dev.atrium.clients.NewClientGrant;
import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.RedirectionPolicy;
import dev.atrium.clients.RefreshTokenSettings;
import dev.atrium.clients.RequireBehavior;
import dev.atrium.clients.SubjectType;
import dev.atrium.clients.ThirdPartySecurityMode;
import dev.atrium.clients.TokenEndpointAuthMethod;
import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import dev.atrium.organizations.TokenQuota;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The clients slice's request bodies ({@code /clients}, {@code /client-grants}, {@code /clients/{id}/credentials}),
 * already type-checked by their {@link Schema}, mapped once to the services' commands. The nested shapes the
 * schemas leave open ({@code default_organization}, {@code client_metadata}, {@code token_quota}) are checked
 * here; the values' own rules live in the command records and services. The properties Atrium only stores
 * travel unchanged as {@link KeptFields}. Broken shapes throw {@link InvalidRequestException}, which
 * {@link ManagementApi#domain} answers as 400.
 */
final class ClientRequests {
    private ClientRequests() {
    }

    /** A {@code POST /clients} body. */
    static NewClient newClient(ObjectNode body) {
        ObjectNode fields = body.deepCopy();
        fields.remove("name");
        return new NewClient(Json.text(body, "name", ""), patch(fields));
    }

    /** A {@code PATCH /clients/{id}} body (without {@code client_secret}, which is not a property of the document). */
    static ClientPatch patch(ObjectNode body) {
        ClientPatch p = ClientPatch.none();
        ObjectNode others = Json.object();
        for (String name : body.propertyNames()) {
            JsonNode v = body.get(name);
            p = switch (name) {
                case "name" -> p.withName(v.asString());
                case "description" -> p.withDescription(change(v, JsonNode::asString));
                case "app_type" -> p.withAppType(parse(name, v, AppType::parse));
                case "is_first_party" -> p.withFirstParty(v.asBoolean());
                case "third_party_security_mode" -> p.withThirdPartySecurityMode(parse(name, v, ThirdPartySecurityMode::parse));
                case "oidc_conformant" -> p.withOidcConformant(v.asBoolean());
                case "grant_types" -> p.withGrantTypes(Json.stringList(v));
                case "callbacks" -> p.withCallbacks(Json.stringList(v));
                case "allowed_origins" -> p.withAllowedOrigins(Json.stringList(v));
                case "web_origins" -> p.withWebOrigins(Json.stringList(v));
                case "allowed_logout_urls" -> p.withAllowedLogoutUrls(Json.stringList(v));
                case "client_aliases" -> p.withClientAliases(Json.stringList(v));
                case "allowed_clients" -> p.withAllowedClients(Json.stringList(v));
                case "logo_uri" -> p.withLogoUri(change(v, JsonNode::asString));
                case "initiate_login_uri" -> p.withInitiateLoginUri(change(v, JsonNode::asString));
                case "token_endpoint_auth_method" -> p.withTokenEndpointAuthMethod(
                        change(v, m -> parse(name, m, TokenEndpointAuthMethod::parse)));
                case "client_authentication_methods" -> p.withClientAuthenticationMethods(
                        change(v, m -> new ClientAuthenticationMethods(KeptFields.of(object(name, m)))));
                case "jwt_configuration" -> p.withJwtConfiguration(jwtConfiguration(object(name, v)));
                case "refresh_token" -> p.withRefreshToken(change(v, r -> refreshToken(object(name, r))));
                case "redirection_policy" -> p.withRedirectionPolicy(parse(name, v, RedirectionPolicy::parse));
                case "organization_usage" -> p.withOrganizationUsage(change(v, u -> parse(name, u, OrganizationUsage::parse)));
                case "organization_require_behavior" -> p.withOrganizationRequireBehavior(
                        change(v, b -> parse(name, b, RequireBehavior::parse)));
                case "organization_discovery_methods" -> p.withOrganizationDiscoveryMethods(change(v, Json::stringList));
                case "default_organization" -> p.withDefaultOrganization(change(v, ClientRequests::defaultOrganization));
                case "client_metadata" -> p.withClientMetadata(clientMetadata(v));
                default -> {
                    // O121/E18: token_quota has the organizations' one shape, enforce stored explicitly; null removes it
                    others.set(name, name.equals("token_quota") && !v.isNull() ? TokenQuota.parse(v).toJson() : v);
                    yield p;
                }
            };
        }
        return p.withOthers(KeptFields.of(others));
    }

    /** Absent keeps, {@code null} removes, a value sets. */
    private static <T> Change<T> change(JsonNode v, Function<JsonNode, T> read) {
        return v.isNull() ? Change.clear() : Change.to(read.apply(v));
    }

    /** An enumerated value the schema has already accepted. */
    private static <T> T parse(String name, JsonNode v, Function<String, Optional<T>> parse) {
        return parse.apply(v.isString() ? v.asString() : null)
                .orElseThrow(() -> new InvalidRequestException(name, name + " is invalid"));
    }

    private static ObjectNode object(String name, JsonNode v) {
        if (v instanceof ObjectNode o) {
            return o;
        }
        throw new InvalidRequestException(name, name + " must be an object");
    }

    private static JwtConfiguration jwtConfiguration(ObjectNode o) {
        return new JwtConfiguration(
                Optional.ofNullable(o.get("alg")).map(a -> parse("jwt_configuration", a,
                        s -> java.util.Arrays.stream(JwtConfiguration.Algorithm.values()).filter(x -> x.name().equals(s)).findFirst())),
                integer(o, "lifetime_in_seconds"), bool(o, "secret_encoded"),
                rest(o, Set.of("alg", "lifetime_in_seconds", "secret_encoded")));
    }

    private static RefreshTokenSettings refreshToken(ObjectNode o) {
        return new RefreshTokenSettings(
                Optional.ofNullable(o.get("rotation_type")).map(r -> parse("refresh_token", r, RefreshTokenSettings.Rotation::parse)),
                Optional.ofNullable(o.get("expiration_type")).map(e -> parse("refresh_token", e, RefreshTokenSettings.Expiration::parse)),
                integer(o, "leeway"), integer(o, "token_lifetime"), bool(o, "infinite_token_lifetime"),
                integer(o, "idle_token_lifetime"), bool(o, "infinite_idle_token_lifetime"),
                rest(o, Set.of("rotation_type", "expiration_type", "leeway", "token_lifetime", "infinite_token_lifetime",
                        "idle_token_lifetime", "infinite_idle_token_lifetime")));
    }

    private static Optional<Long> integer(ObjectNode o, String name) {
        JsonNode v = o.get(name);
        return v != null && v.isIntegralNumber() ? Optional.of(v.asLong()) : Optional.empty();
    }

    private static Optional<Boolean> bool(ObjectNode o, String name) {
        JsonNode v = o.get(name);
        return v != null && v.isBoolean() ? Optional.of(v.asBoolean()) : Optional.empty();
    }

    private static KeptFields rest(ObjectNode o, Set<String> typed) {
        ObjectNode rest = o.deepCopy();
        rest.remove(typed);
        return KeptFields.of(rest);
    }

    /** O17: {@code organization_id} and the {@code flows} it applies to; other members are kept. */
    private static DefaultOrganization defaultOrganization(JsonNode v) {
        ObjectNode o = object("default_organization", v);
        JsonNode flows = o.get("flows");
        if (flows == null || !flows.isArray() || Json.stringList(flows).size() != flows.size()) {
            throw new InvalidRequestException("default_organization", DefaultOrganization.RULE);
        }
        return new DefaultOrganization(Json.text(o, "organization_id", ""), Json.stringList(flows),
                rest(o, Set.of("organization_id", "flows")));
    }

    /** String values only, in their order (their number and lengths are the service's rule). */
    private static Map<String, String> clientMetadata(JsonNode v) {
        ObjectNode o = object("client_metadata", v);
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : o.propertyNames()) {
            JsonNode value = o.get(key);
            if (!value.isString()) {
                throw new InvalidRequestException("client_metadata", "client_metadata values are strings of at most 255 characters");
            }
            out.put(key, value.asString());
        }
        return out;
    }

    /** A {@code POST /client-grants} body. */
    static NewClientGrant newGrant(ObjectNode body) {
        return new NewClientGrant(Optional.ofNullable(Json.text(body, "client_id", null)), body.has("default_for"),
                Json.text(body, "audience", ""),
                Optional.ofNullable(body.get("subject_type")).map(t -> parse("subject_type", t, SubjectType::parse)),
                grantPatch(body));
    }

    /** A {@code PATCH /client-grants/{id}} body, or the changeable part of a create body. */
    static ClientGrantPatch grantPatch(ObjectNode body) {
        ClientGrantPatch p = ClientGrantPatch.none();
        if (body.has("scope")) {
            p = p.withScope(Json.stringList(body.get("scope")));
        }
        if (body.has("organization_usage")) {
            p = p.withOrganizationUsage(change(body.get("organization_usage"),
                    u -> parse("organization_usage", u, OrganizationUsage::parse)));
        }
        if (body.has("allow_any_organization")) {
            p = p.withAllowAnyOrganization(change(body.get("allow_any_organization"), JsonNode::asBoolean));
        }
        if (body.has("allow_all_scopes")) {
            p = p.withAllowAllScopes(body.get("allow_all_scopes").asBoolean());
        }
        if (body.has("authorization_details_types")) {
            p = p.withAuthorizationDetailsTypes(Json.stringList(body.get("authorization_details_types")));
        }
        return p;
    }

    /** A {@code POST /clients/{id}/credentials} body ({@code credential_type} is always {@code public_key}). */
    static NewClientCredential newCredential(ObjectNode body) {
        return new NewClientCredential(Optional.ofNullable(Json.text(body, "name", null)),
                Optional.ofNullable(Json.text(body, "kid", null)), Json.text(body, "pem", ""),
                body.has("alg") ? parse("alg", body.get("alg"), s -> java.util.Arrays.stream(NewClientCredential.Algorithm.values())
                        .filter(a -> a.name().equals(s)).findFirst()) : NewClientCredential.Algorithm.RS256,
                expiry(body.get("expires_at")).value());
    }

    /** {@code expires_at} of a credential: absent keeps it, {@code null} removes it. */
    static Change<Instant> expiry(JsonNode v) {
        if (v == null) {
            return Change.keep();
        }
        if (v.isNull()) {
            return Change.clear();
        }
        try {
            return Change.to(Instant.parse(v.asString()));
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("expires_at", "expires_at must be an ISO 8601 date-time");
        }
    }
}
