package dev.atrium.clients;

import dev.atrium.common.Change;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a {@link ClientPatch} is written into an application's stored document, and the rules of its values
 * (the rules that need the whole document, or the stored application, are {@link ClientService}'s). The
 * document stays the Management API's, so that every property round-trips.
 */
final class ClientDocument {
    /** The URL lists whose entries must each be a non-empty URL of at most 1024 characters. */
    static final List<String> URL_LISTS = List.of("callbacks", "allowed_origins", "web_origins", "allowed_logout_urls");
    static final int MAX_URL = 1024;
    static final int MAX_METADATA = 10;
    static final int MAX_METADATA_TEXT = 255;

    private ClientDocument() {
    }

    /** The document of a new application: its name (unless empty) and properties; a {@code null} is kept as sent. */
    static ObjectNode of(NewClient request) {
        ObjectNode doc = Json.object();
        if (!request.name().isEmpty()) {
            doc.put("name", request.name());
        }
        write(doc, request.fields(), true);
        return doc;
    }

    /** The wire names {@code p} sets or removes, in the order they are written. */
    static Set<String> names(ClientPatch p) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(write(Json.object(), p, true).propertyNames()));
    }

    /**
     * Writes {@code p} into {@code doc}: a set property replaces the stored one whole; a removed one is
     * deleted, or, in a new document ({@code creating}), kept as {@code null}.
     */
    static ObjectNode write(ObjectNode doc, ClientPatch p, boolean creating) {
        p.name().ifPresent(v -> doc.put("name", v));
        set(doc, "description", p.description().map(ClientDocument::text), creating);
        p.appType().ifPresent(v -> doc.put("app_type", v.wire()));
        p.firstParty().ifPresent(v -> doc.put("is_first_party", v));
        p.thirdPartySecurityMode().ifPresent(v -> doc.put("third_party_security_mode", v.wire()));
        p.oidcConformant().ifPresent(v -> doc.put("oidc_conformant", v));
        list(doc, "grant_types", p.grantTypes());
        list(doc, "callbacks", p.callbacks());
        list(doc, "allowed_origins", p.allowedOrigins());
        list(doc, "web_origins", p.webOrigins());
        list(doc, "allowed_logout_urls", p.allowedLogoutUrls());
        list(doc, "client_aliases", p.clientAliases());
        list(doc, "allowed_clients", p.allowedClients());
        set(doc, "logo_uri", p.logoUri().map(ClientDocument::text), creating);
        set(doc, "initiate_login_uri", p.initiateLoginUri().map(ClientDocument::text), creating);
        set(doc, "token_endpoint_auth_method", p.tokenEndpointAuthMethod().map(m -> text(m.wire())), creating);
        set(doc, "client_authentication_methods", p.clientAuthenticationMethods().map(ClientAuthenticationMethods::toJson), creating);
        p.jwtConfiguration().ifPresent(j -> doc.set("jwt_configuration", j.toJson()));
        set(doc, "refresh_token", p.refreshToken().map(RefreshTokenSettings::toJson), creating);
        p.redirectionPolicy().ifPresent(v -> doc.put("redirection_policy", v.wire()));
        set(doc, "organization_usage", p.organizationUsage().map(u -> text(u.wire())), creating);
        set(doc, "organization_require_behavior", p.organizationRequireBehavior().map(b -> text(b.wire())), creating);
        set(doc, "organization_discovery_methods", p.organizationDiscoveryMethods().map(Json::strings), creating);
        set(doc, "default_organization", p.defaultOrganization().map(DefaultOrganization::toJson), creating);
        p.clientMetadata().ifPresent(m -> {
            ObjectNode o = Json.object();
            m.forEach(o::put);
            doc.set("client_metadata", o);
        });
        if (creating) {
            p.others().writeTo(doc);
        } else {
            p.others().patch(doc);
        }
        return doc;
    }

    /** A whole number as JSON reads it back: an int where it fits, so a stored document equals the one sent. */
    static void number(ObjectNode o, String field, long v) {
        if (v == (int) v) {
            o.put(field, (int) v);
        } else {
            o.put(field, v);
        }
    }

    private static JsonNode text(String s) {
        return JsonNodeFactory.instance.stringNode(s);
    }

    private static void list(ObjectNode doc, String field, Optional<List<String>> values) {
        values.ifPresent(v -> doc.set(field, Json.strings(v)));
    }

    private static void set(ObjectNode doc, String field, Change<? extends JsonNode> change, boolean creating) {
        if (!change.present()) {
            return;
        }
        if (change.value().isPresent()) {
            doc.set(field, change.value().get());
        } else if (creating) {
            doc.putNull(field);
        } else {
            doc.remove(field);
        }
    }

    /** An application's name: not blank, and without markup characters. */
    static void checkName(String name) {
        if (name == null || name.isBlank() || name.contains("<") || name.contains(">")) {
            throw new InvalidRequestException("name", "name must be non-empty and must not contain '<' or '>'");
        }
    }

    /** The rules of the values {@code p} sets, each on its own (the name's, when it sets one, first). */
    static void checkValues(ClientPatch p) {
        p.name().ifPresent(ClientDocument::checkName);
        // organizations.md O15: at least one discovery method, each once (the values are checked by the API schema)
        p.organizationDiscoveryMethods().value().ifPresent(methods -> {
            if (methods.isEmpty() || methods.stream().distinct().count() != methods.size()) {
                throw new InvalidRequestException("organization_discovery_methods",
                        "organization_discovery_methods must hold at least one method, each once");
            }
        });
        p.clientMetadata().ifPresent(ClientDocument::checkMetadata);
        Map<String, Optional<List<String>>> urls = Map.of("callbacks", p.callbacks(), "allowed_origins", p.allowedOrigins(),
                "web_origins", p.webOrigins(), "allowed_logout_urls", p.allowedLogoutUrls());
        for (String list : URL_LISTS) {
            for (String url : urls.get(list).orElse(List.of())) {
                if (url.isBlank() || url.length() > MAX_URL) {
                    throw new InvalidRequestException(list, list + " holds an empty or too long URL");
                }
            }
        }
    }

    /** At most 10 properties; keys and values of at most 255 characters. */
    static void checkMetadata(Map<String, String> meta) {
        if (meta.size() > MAX_METADATA) {
            throw new InvalidRequestException("client_metadata", "client_metadata holds at most 10 string properties");
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getValue().length() > MAX_METADATA_TEXT || e.getKey().length() > MAX_METADATA_TEXT) {
                throw new InvalidRequestException("client_metadata", "client_metadata values are strings of at most 255 characters");
            }
        }
    }

    /** The rule between properties that holds for every stored application, checked after defaults and merges. */
    static void checkCommon(ObjectNode doc) {
        RequireBehavior behavior = RequireBehavior.of(Json.text(doc, "organization_require_behavior", null));
        // strict third-party applications cannot set oidc_conformant (T10) yet have no legacy flows to leave
        // behind, and T79 recommends Prompt for Credentials for them
        boolean strictThirdParty = !Json.bool(doc, "is_first_party", true)
                && ThirdPartySecurityMode.STRICT.is(Json.text(doc, "third_party_security_mode", null));
        if (behavior == RequireBehavior.POST_LOGIN_PROMPT && !Json.bool(doc, "oidc_conformant", false) && !strictThirdParty) {
            throw new InvalidRequestException("organization_require_behavior",
                    "organization_require_behavior post_login_prompt requires oidc_conformant=true");
        }
    }
}
