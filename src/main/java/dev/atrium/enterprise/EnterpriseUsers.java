package dev.atrium.enterprise;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Json;
import dev.atrium.connections.Connection;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Users of enterprise connections, created just in time with Auth0's identity shape: {@code user_id}
 * {@code oidc|<connection>|<sub>}, one identity {@code {provider: "oidc", connection, user_id: <sub>, isSocial: false}},
 * no password (so no password form can ever sign them in). Root attributes come from the ID token per the
 * connection's {@code attribute_map} and are refreshed per {@code set_user_root_attributes}.
 *
 * <p>Invariant: a claim can only ever set one of {@link #MAPPABLE}; the upstream never writes {@code user_id},
 * {@code identities}, metadata, {@code blocked} or any other field Atrium owns.
 */
public final class EnterpriseUsers {
    static final Set<String> MAPPABLE = Set.of("email", "email_verified", "name", "given_name", "family_name",
            "nickname", "picture", "username", "phone_number");

    private final UserStore store;
    private final Clock clock;

    public EnterpriseUsers(UserStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static String userId(Connection c, String subject) {
        return c.strategy() + "|" + c.name() + "|" + subject;
    }

    /** The user of this identity, created on its first sign-in and refreshed as the connection says. */
    public User signIn(Connection c, OidcRelyingParty.Identity identity) {
        String id = userId(c, identity.subject());
        ObjectNode mapped = map(c, identity.claims());
        String now = clock.instant().toString();
        boolean refresh = Json.text(c.options(), "set_user_root_attributes", "on_each_login").equals("on_each_login");
        // one locked read-modify-write: a Management API change made meanwhile (metadata, blocked) is not lost
        Optional<User> updated = store.update(id, u -> {
            ObjectNode doc = u.doc();
            if (refresh) {
                mapped.propertyNames().forEach(k -> doc.set(k, mapped.get(k)));
            }
            doc.put("updated_at", now);
            return new User(u.userId(), u.connectionId(), doc, u.passwordHash());
        });
        if (updated.isPresent()) {
            return updated.get();
        }
        ObjectNode doc = firstProfile(c, identity, mapped);
        doc.put("blocked", false);
        doc.set("user_metadata", Json.object());
        doc.set("app_metadata", Json.object());
        doc.put("logins_count", 0);
        doc.put("created_at", now);
        doc.put("updated_at", now);
        User user = new User(id, c.id(), doc, Optional.empty());
        try {
            store.create(user);
        } catch (AlreadyExistsException e) {
            // a concurrent first sign-in of the same identity won: use its user
            return store.find(id).orElseThrow(() -> e);
        }
        return user;
    }

    /**
     * The profile a first sign-in of this identity would create, stored nowhere: what the dashboard's "Try" shows
     * ({@code user_id}, the mapped root attributes, {@code identities}).
     */
    public static ObjectNode preview(Connection c, OidcRelyingParty.Identity identity) {
        return firstProfile(c, identity, map(c, identity.claims()));
    }

    private static ObjectNode firstProfile(Connection c, OidcRelyingParty.Identity identity, ObjectNode mapped) {
        ObjectNode doc = mapped.deepCopy();
        doc.put("user_id", userId(c, identity.subject()));
        if (!doc.has("name")) {
            doc.put("name", Json.text(doc, "email", identity.subject()));
        }
        if (!doc.has("nickname")) {
            String email = Json.text(doc, "email", identity.subject());
            doc.put("nickname", email.contains("@") ? email.substring(0, email.indexOf('@')) : email);
        }
        doc.set("identities", Json.array().add(Json.object().put("provider", c.strategy()).put("connection", c.name())
                .put("user_id", identity.subject()).put("isSocial", false)));
        return doc;
    }

    /** The root attributes the connection's map takes from the claims. */
    static ObjectNode map(Connection c, ObjectNode claims) {
        JsonNode map = c.options().path("attribute_map");
        String mode = Json.text(map, "mapping_mode", "bind_all");
        ObjectNode out = Json.object();
        if (!mode.equals("use_map")) {
            for (String k : MAPPABLE) {
                if (claims.has(k) && (claims.get(k).isString() || claims.get(k).isBoolean())) {
                    out.set(k, claims.get(k));
                }
            }
        }
        JsonNode attrs = map.path("attributes");
        if (attrs.isObject()) {
            for (String field : attrs.propertyNames()) {
                String template = attrs.get(field).asString();
                if (MAPPABLE.contains(field) && template.startsWith("${") && template.endsWith("}")) {
                    JsonNode v = claims.get(template.substring(2, template.length() - 1));
                    if (v != null && (v.isString() || v.isBoolean())) {
                        out.set(field, v);
                    }
                }
            }
        }
        if (out.has("email") && out.get("email").isString()) {
            out.put("email", out.get("email").asString().toLowerCase(Locale.ROOT));
        } else {
            out.remove("email");
        }
        return out;
    }
}
