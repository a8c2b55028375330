package dev.atrium.clients;

import dev.atrium.common.KeptFields;
import dev.atrium.common.Change;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A change to an application ({@code PATCH /clients/{id}}, the dashboard's forms, the import), and the
 * properties of a new one ({@link NewClient}): each property kept (absent), removed ({@link Change#clear()},
 * a JSON {@code null}) or replaced whole (api-contract.md §B.2.6). The properties Atrium acts on are typed;
 * the Auth0 properties it only stores and returns travel in {@link #others} unchanged.
 *
 * <p>{@code firstParty} and {@code thirdPartySecurityMode} choose the kind of a new application; on a
 * change they may only repeat the stored value (third-party-apps.md T7, T8).
 */
public record ClientPatch(Optional<String> name, Change<String> description, Optional<AppType> appType,
                          Optional<Boolean> firstParty, Optional<ThirdPartySecurityMode> thirdPartySecurityMode,
                          Optional<Boolean> oidcConformant, Optional<List<String>> grantTypes, Optional<List<String>> callbacks,
                          Optional<List<String>> allowedOrigins, Optional<List<String>> webOrigins,
                          Optional<List<String>> allowedLogoutUrls, Optional<List<String>> clientAliases,
                          Optional<List<String>> allowedClients, Change<String> logoUri, Change<String> initiateLoginUri,
                          Change<TokenEndpointAuthMethod> tokenEndpointAuthMethod,
                          Change<ClientAuthenticationMethods> clientAuthenticationMethods,
                          Optional<JwtConfiguration> jwtConfiguration, Change<RefreshTokenSettings> refreshToken,
                          Optional<RedirectionPolicy> redirectionPolicy, Change<OrganizationUsage> organizationUsage,
                          Change<RequireBehavior> organizationRequireBehavior, Change<List<String>> organizationDiscoveryMethods,
                          Change<DefaultOrganization> defaultOrganization, Optional<Map<String, String>> clientMetadata,
                          KeptFields others) {
    /** The wire names of the typed properties; {@link #others} holds none of them. */
    public static final Set<String> TYPED = Set.of("name", "description", "app_type", "is_first_party",
            "third_party_security_mode", "oidc_conformant", "grant_types", "callbacks", "allowed_origins", "web_origins",
            "allowed_logout_urls", "client_aliases", "allowed_clients", "logo_uri", "initiate_login_uri",
            "token_endpoint_auth_method", "client_authentication_methods", "jwt_configuration", "refresh_token",
            "redirection_policy", "organization_usage", "organization_require_behavior", "organization_discovery_methods",
            "default_organization", "client_metadata");

    public ClientPatch {
        grantTypes = grantTypes.map(List::copyOf);
        callbacks = callbacks.map(List::copyOf);
        allowedOrigins = allowedOrigins.map(List::copyOf);
        webOrigins = webOrigins.map(List::copyOf);
        allowedLogoutUrls = allowedLogoutUrls.map(List::copyOf);
        clientAliases = clientAliases.map(List::copyOf);
        allowedClients = allowedClients.map(List::copyOf);
        organizationDiscoveryMethods = organizationDiscoveryMethods.map(List::copyOf);
        // insertion order kept: the metadata round-trips as it was sent
        clientMetadata = clientMetadata.map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m)));
        for (String n : others.names()) {
            if (TYPED.contains(n)) {
                throw new IllegalArgumentException(n + " is a typed property of ClientPatch, not one of its others");
            }
        }
    }

    /** A patch that changes nothing. */
    public static ClientPatch none() {
        return new Builder().build();
    }

    /** The wire names of the properties this patch sets or removes, in the document's order. */
    public Set<String> names() {
        return ClientDocument.names(this);
    }

    public ClientPatch withName(String v) {
        Builder b = new Builder(this);
        b.name = Optional.of(v);
        return b.build();
    }

    public ClientPatch withDescription(Change<String> v) {
        Builder b = new Builder(this);
        b.description = v;
        return b.build();
    }

    public ClientPatch withAppType(AppType v) {
        Builder b = new Builder(this);
        b.appType = Optional.of(v);
        return b.build();
    }

    public ClientPatch withFirstParty(boolean v) {
        Builder b = new Builder(this);
        b.firstParty = Optional.of(v);
        return b.build();
    }

    public ClientPatch withThirdPartySecurityMode(ThirdPartySecurityMode v) {
        Builder b = new Builder(this);
        b.thirdPartySecurityMode = Optional.of(v);
        return b.build();
    }

    public ClientPatch withOidcConformant(boolean v) {
        Builder b = new Builder(this);
        b.oidcConformant = Optional.of(v);
        return b.build();
    }

    public ClientPatch withGrantTypes(List<String> v) {
        Builder b = new Builder(this);
        b.grantTypes = Optional.of(v);
        return b.build();
    }

    public ClientPatch withCallbacks(List<String> v) {
        Builder b = new Builder(this);
        b.callbacks = Optional.of(v);
        return b.build();
    }

    public ClientPatch withAllowedOrigins(List<String> v) {
        Builder b = new Builder(this);
        b.allowedOrigins = Optional.of(v);
        return b.build();
    }

    public ClientPatch withWebOrigins(List<String> v) {
        Builder b = new Builder(this);
        b.webOrigins = Optional.of(v);
        return b.build();
    }

    public ClientPatch withAllowedLogoutUrls(List<String> v) {
        Builder b = new Builder(this);
        b.allowedLogoutUrls = Optional.of(v);
        return b.build();
    }

    public ClientPatch withClientAliases(List<String> v) {
        Builder b = new Builder(this);
        b.clientAliases = Optional.of(v);
        return b.build();
    }

    public ClientPatch withAllowedClients(List<String> v) {
        Builder b = new Builder(this);
        b.allowedClients = Optional.of(v);
        return b.build();
    }

    public ClientPatch withLogoUri(Change<String> v) {
        Builder b = new Builder(this);
        b.logoUri = v;
        return b.build();
    }

    public ClientPatch withInitiateLoginUri(Change<String> v) {
        Builder b = new Builder(this);
        b.initiateLoginUri = v;
        return b.build();
    }

    public ClientPatch withTokenEndpointAuthMethod(Change<TokenEndpointAuthMethod> v) {
        Builder b = new Builder(this);
        b.tokenEndpointAuthMethod = v;
        return b.build();
    }

    public ClientPatch withClientAuthenticationMethods(Change<ClientAuthenticationMethods> v) {
        Builder b = new Builder(this);
        b.clientAuthenticationMethods = v;
        return b.build();
    }

    public ClientPatch withJwtConfiguration(JwtConfiguration v) {
        Builder b = new Builder(this);
        b.jwtConfiguration = Optional.of(v);
        return b.build();
    }

    public ClientPatch withRefreshToken(Change<RefreshTokenSettings> v) {
        Builder b = new Builder(this);
        b.refreshToken = v;
        return b.build();
    }

    public ClientPatch withRedirectionPolicy(RedirectionPolicy v) {
        Builder b = new Builder(this);
        b.redirectionPolicy = Optional.of(v);
        return b.build();
    }

    public ClientPatch withOrganizationUsage(Change<OrganizationUsage> v) {
        Builder b = new Builder(this);
        b.organizationUsage = v;
        return b.build();
    }

    public ClientPatch withOrganizationRequireBehavior(Change<RequireBehavior> v) {
        Builder b = new Builder(this);
        b.organizationRequireBehavior = v;
        return b.build();
    }

    public ClientPatch withOrganizationDiscoveryMethods(Change<List<String>> v) {
        Builder b = new Builder(this);
        b.organizationDiscoveryMethods = v;
        return b.build();
    }

    public ClientPatch withDefaultOrganization(Change<DefaultOrganization> v) {
        Builder b = new Builder(this);
        b.defaultOrganization = v;
        return b.build();
    }

    public ClientPatch withClientMetadata(Map<String, String> v) {
        Builder b = new Builder(this);
        b.clientMetadata = Optional.of(v);
        return b.build();
    }

    /** With {@code v} as the stored-only properties (replacing the ones this patch had). */
    public ClientPatch withOthers(KeptFields v) {
        Builder b = new Builder(this);
        b.others = v;
        return b.build();
    }

    /** The one place that lists every component, so that each wither changes one. */
    private static final class Builder {
        Optional<String> name = Optional.empty();
        Change<String> description = Change.keep();
        Optional<AppType> appType = Optional.empty();
        Optional<Boolean> firstParty = Optional.empty();
        Optional<ThirdPartySecurityMode> thirdPartySecurityMode = Optional.empty();
        Optional<Boolean> oidcConformant = Optional.empty();
        Optional<List<String>> grantTypes = Optional.empty();
        Optional<List<String>> callbacks = Optional.empty();
        Optional<List<String>> allowedOrigins = Optional.empty();
        Optional<List<String>> webOrigins = Optional.empty();
        Optional<List<String>> allowedLogoutUrls = Optional.empty();
        Optional<List<String>> clientAliases = Optional.empty();
        Optional<List<String>> allowedClients = Optional.empty();
        Change<String> logoUri = Change.keep();
        Change<String> initiateLoginUri = Change.keep();
        Change<TokenEndpointAuthMethod> tokenEndpointAuthMethod = Change.keep();
        Change<ClientAuthenticationMethods> clientAuthenticationMethods = Change.keep();
        Optional<JwtConfiguration> jwtConfiguration = Optional.empty();
        Change<RefreshTokenSettings> refreshToken = Change.keep();
        Optional<RedirectionPolicy> redirectionPolicy = Optional.empty();
        Change<OrganizationUsage> organizationUsage = Change.keep();
        Change<RequireBehavior> organizationRequireBehavior = Change.keep();
        Change<List<String>> organizationDiscoveryMethods = Change.keep();
        Change<DefaultOrganization> defaultOrganization = Change.keep();
        Optional<Map<String, String>> clientMetadata = Optional.empty();
        KeptFields others = KeptFields.none();

        Builder() {
        }

        Builder(ClientPatch p) {
            name = p.name;
            description = p.description;
            appType = p.appType;
            firstParty = p.firstParty;
            thirdPartySecurityMode = p.thirdPartySecurityMode;
            oidcConformant = p.oidcConformant;
            grantTypes = p.grantTypes;
            callbacks = p.callbacks;
            allowedOrigins = p.allowedOrigins;
            webOrigins = p.webOrigins;
            allowedLogoutUrls = p.allowedLogoutUrls;
            clientAliases = p.clientAliases;
            allowedClients = p.allowedClients;
            logoUri = p.logoUri;
            initiateLoginUri = p.initiateLoginUri;
            tokenEndpointAuthMethod = p.tokenEndpointAuthMethod;
            clientAuthenticationMethods = p.clientAuthenticationMethods;
            jwtConfiguration = p.jwtConfiguration;
            refreshToken = p.refreshToken;
            redirectionPolicy = p.redirectionPolicy;
            organizationUsage = p.organizationUsage;
            organizationRequireBehavior = p.organizationRequireBehavior;
            organizationDiscoveryMethods = p.organizationDiscoveryMethods;
            defaultOrganization = p.defaultOrganization;
            clientMetadata = p.clientMetadata;
            others = p.others;
        }

        ClientPatch build() {
            return new ClientPatch(name, description, appType, firstParty, thirdPartySecurityMode, oidcConformant, grantTypes,
                    callbacks, allowedOrigins, webOrigins, allowedLogoutUrls, clientAliases, allowedClients, logoUri,
                    initiateLoginUri, tokenEndpointAuthMethod, clientAuthenticationMethods, jwtConfiguration, refreshToken,
                    redirectionPolicy, organizationUsage, organizationRequireBehavior, organizationDiscoveryMethods,
                    defaultOrganization, clientMetadata, others);
        }
    }
}
