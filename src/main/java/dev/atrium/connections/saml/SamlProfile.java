package dev.atrium.connections.saml;

import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an assertion's attributes into profile claims (Auth0 field name to value) per the connection's
 * {@code fieldsMap} ({@code {"email": "mail"}} or {@code {"email": ["mail", "upn"]}}); fields the map leaves out
 * use the usual claim URIs, LDAP names and OIDs. A {@code NameID} in e-mail format is the e-mail when no attribute
 * gives one. The claims then go through the same root-attribute rules as OpenID Connect identities.
 */
public final class SamlProfile {
    private static final String CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";
    static final Map<String, List<String>> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("email", List.of(CLAIMS + "emailaddress", "email", "mail", "urn:oid:0.9.2342.19200300.100.1.3"));
        DEFAULTS.put("name", List.of(CLAIMS + "name", "name", "displayName", "urn:oid:2.16.840.1.113730.3.1.241"));
        DEFAULTS.put("given_name", List.of(CLAIMS + "givenname", "given_name", "givenName", "urn:oid:2.5.4.42"));
        DEFAULTS.put("family_name", List.of(CLAIMS + "surname", "family_name", "sn", "surname", "urn:oid:2.5.4.4"));
        DEFAULTS.put("nickname", List.of("nickname"));
        DEFAULTS.put("picture", List.of("picture"));
    }

    private SamlProfile() {
    }

    public static ObjectNode claims(Connection c, SamlResponseValidator.Assertion a) {
        JsonNode map = c.options().path("fieldsMap");
        Map<String, List<String>> fields = new LinkedHashMap<>(DEFAULTS);
        if (map.isObject()) {
            for (String field : map.propertyNames()) {
                JsonNode v = map.get(field);
                fields.put(field, v.isArray() ? Json.stringList(v) : List.of(v.asString()));
            }
        }
        ObjectNode out = Json.object();
        fields.forEach((field, names) -> {
            for (String n : names) {
                JsonNode values = a.attributes().get(n);
                if (values != null && !values.isEmpty() && !values.get(0).asString().isEmpty()) {
                    out.put(field, values.get(0).asString());
                    return;
                }
            }
        });
        if (!out.has("email") && "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress".equals(a.nameIdFormat())
                && a.nameId().contains("@")) {
            out.put("email", a.nameId());
        }
        out.put("sub", a.nameId());
        return out;
    }
}
