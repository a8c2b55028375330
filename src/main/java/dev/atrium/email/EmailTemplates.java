package dev.atrium.email;

import dev.atrium.common.InvalidRequestException;
import dev.atrium.common.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The e-mail templates: the defaults are files in the repository ({@code resources/email}: one HTML
 * body inside {@code layout.html}, one plain-text body, and {@code templates.json} for subject,
 * {@code enabled} and link lifetime); the tenant overrides them through the Management API with
 * Auth0's names and document shape ({@code template, body, from, subject, syntax, resultUrl,
 * urlLifetimeInSeconds, includeEmailInRedirect, enabled}). An overridden HTML body gets a plain-text
 * part derived from it; the default keeps its hand-written one.
 *
 * <p>Specifications: Auth0 Management API "Email Templates"; Auth0 "Customize Email Templates"
 * (variable names).
 */
public final class EmailTemplates {
    public static final String VERIFY_EMAIL = "verify_email";
    public static final String RESET_EMAIL = "reset_email";
    public static final String WELCOME_EMAIL = "welcome_email";
    /** Atrium sends this one after a password was changed (the "password changed" notice). */
    public static final String CHANGE_PASSWORD = "change_password";
    public static final String USER_INVITATION = "user_invitation";
    /** The templates Atrium sends, in the order the dashboard lists them. */
    public static final List<String> NAMES = List.of(VERIFY_EMAIL, RESET_EMAIL, CHANGE_PASSWORD, WELCOME_EMAIL, USER_INVITATION);
    /** Auth0 template names Atrium knows but never sends (passwordless, MFA, breached passwords…). */
    static final Set<String> AUTH0_ONLY = Set.of("verify_email_by_code", "reset_email_by_code", "blocked_account",
            "stolen_credentials", "enrollment_email", "mfa_oob_code", "password_reset", "async_approval");
    private static final Set<String> FIELDS = Set.of("template", "body", "from", "resultUrl", "subject", "syntax",
            "urlLifetimeInSeconds", "includeEmailInRedirect", "enabled");

    private final EmailTemplateStore store;
    private final Map<String, ObjectNode> defaults = new LinkedHashMap<>();
    private final Map<String, String> defaultTexts = new LinkedHashMap<>();

    public EmailTemplates(EmailTemplateStore store) {
        this.store = store;
        ObjectNode meta = Json.parseObject(resource("templates.json"));
        String layout = resource("layout.html");
        for (String name : NAMES) {
            ObjectNode d = Json.object();
            d.put("template", name);
            d.put("body", layout.replace("{{ content }}", resource(name + ".html").strip()));
            d.put("from", "");
            d.put("resultUrl", "");
            d.put("subject", Json.text(meta.get(name), "subject", name));
            d.put("syntax", "liquid");
            d.put("urlLifetimeInSeconds", Json.number(meta.get(name), "urlLifetimeInSeconds", 0));
            d.put("includeEmailInRedirect", false);
            d.put("enabled", Json.bool(meta.get(name), "enabled", true));
            defaults.put(name, d);
            defaultTexts.put(name, resource(name + ".txt"));
        }
    }

    public static boolean known(String name) {
        return NAMES.contains(name);
    }

    /** Whether {@code name} is one of Auth0's template names that Atrium does not send. */
    public static boolean auth0Only(String name) {
        return AUTH0_ONLY.contains(name);
    }

    /** The tenant's version when it changed the template, the repository's otherwise. */
    public ObjectNode document(String name) {
        ObjectNode d = defaults.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown template " + name);
        }
        return store.find(name).map(o -> {
            ObjectNode merged = d.deepCopy();
            merged.setAll(o);
            return merged;
        }).orElse(d.deepCopy());
    }

    /** Whether the tenant changed the template. */
    public boolean customised(String name) {
        return store.find(name).isPresent();
    }

    public boolean enabled(String name) {
        return Json.bool(document(name), "enabled", false);
    }

    /** Seconds a link sent with this template stays valid; {@code dflt} when the template sets none. */
    public long urlLifetime(String name, long dflt) {
        long s = Json.number(document(name), "urlLifetimeInSeconds", 0);
        return s > 0 ? s : dflt;
    }

    /** Whether the redirect after a link of this template carries the address (Atrium's default: no). */
    public boolean includeEmailInRedirect(String name) {
        return Json.bool(document(name), "includeEmailInRedirect", false);
    }

    public Optional<String> resultUrl(String name) {
        return Optional.ofNullable(Json.text(document(name), "resultUrl", null)).filter(s -> !s.isBlank());
    }

    /** {@code POST}: a template the tenant had not changed yet; throws {@link Conflict} otherwise. */
    public ObjectNode create(ObjectNode body) {
        String name = Json.text(body, "template", "");
        check(name, body, true);
        if (customised(name)) {
            throw new Conflict("Template " + name + " already exists.");
        }
        store.save(name, clean(body));
        return document(name);
    }

    /** {@code PATCH} (merge into the current version) or {@code PUT} (replace the tenant's version). */
    public ObjectNode update(String name, ObjectNode body, boolean replace) {
        if (body.has("template") && !name.equals(Json.text(body, "template", ""))) {
            throw new InvalidRequestException("template", "Payload validation error: 'template' must be " + name + ".");
        }
        check(name, body, replace);
        ObjectNode stored = replace ? Json.object() : store.find(name).orElse(Json.object());
        stored.setAll(clean(body));
        stored.put("template", name);
        store.save(name, stored);
        return document(name);
    }

    private void check(String name, ObjectNode body, boolean complete) {
        if (!known(name)) {
            throw new InvalidRequestException("template", "Payload validation error: 'No enum match for: \"" + name
                    + "\"' on property template.");
        }
        for (String f : body.propertyNames()) {
            if (!FIELDS.contains(f)) {
                throw new InvalidRequestException(f, "Payload validation error: 'Additional properties not allowed: " + f + "'.");
            }
        }
        for (String f : List.of("body", "from", "resultUrl", "subject", "syntax")) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull() && !v.isString()) {
                throw new InvalidRequestException(f, "Payload validation error: 'Expected type string but found type "
                        + v.getNodeType().name().toLowerCase() + "' on property " + f + ".");
            }
        }
        for (String f : List.of("includeEmailInRedirect", "enabled")) {
            JsonNode v = body.get(f);
            if (v != null && !v.isBoolean()) {
                throw new InvalidRequestException(f, "Payload validation error: 'Expected type boolean' on property " + f + ".");
            }
        }
        JsonNode life = body.get("urlLifetimeInSeconds");
        if (life != null && (!life.isIntegralNumber() || life.asLong() < 0 || life.asLong() > 2_592_000)) {
            throw new InvalidRequestException("urlLifetimeInSeconds",
                    "Payload validation error: 'urlLifetimeInSeconds' must be a whole number from 0 to 2592000.");
        }
        if (body.has("syntax") && !"liquid".equals(Json.text(body, "syntax", ""))) {
            throw new InvalidRequestException("syntax", "Payload validation error: 'No enum match for: \""
                    + Json.text(body, "syntax", "") + "\"' on property syntax.");
        }
        String result = Json.text(body, "resultUrl", "");
        // an http(s) URL, or one that starts with a Liquid expression ({{ application.callback_domain }}/…): what that
        // renders to is checked when a link is made, and dropped unless it is an absolute http(s) URL
        if (!result.isEmpty() && !result.startsWith("https://") && !result.startsWith("http://")
                && !result.startsWith("{{") && !result.startsWith("{%")) {
            throw new InvalidRequestException("resultUrl", "Payload validation error: 'resultUrl' must be an http(s) URL.");
        }
        if (complete) {
            for (String f : List.of("template", "body", "subject", "enabled")) {
                if (!body.has(f) && !(f.equals("template"))) {
                    throw new InvalidRequestException(f, "Payload validation error: 'Missing required property: " + f + "'.");
                }
            }
        }
    }

    private static ObjectNode clean(ObjectNode body) {
        ObjectNode o = body.deepCopy();
        o.remove("template");
        return o;
    }

    /** The message {@code name} says for these variables, in the tenant's version. */
    public RenderedEmail render(String name, ObjectNode vars) {
        ObjectNode doc = document(name);
        boolean ownBody = store.find(name).map(o -> o.has("body")).orElse(false);
        return render(doc, vars, ownBody ? null : defaultTexts.get(name));
    }

    /** Renders a template document that is not saved (the dashboard's preview). */
    public RenderedEmail preview(ObjectNode doc, ObjectNode vars) {
        return render(doc, vars, null);
    }

    private static RenderedEmail render(ObjectNode doc, ObjectNode vars, String text) {
        String subject = TemplateRenderer.render(Json.text(doc, "subject", ""), vars, false).replaceAll("[\\r\\n]+", " ").strip();
        String html = TemplateRenderer.render(Json.text(doc, "body", ""), vars, true);
        String plain = text != null ? TemplateRenderer.render(text, vars, false) : TemplateRenderer.textOf(html);
        return new RenderedEmail(subject, plain, html);
    }

    private static String resource(String name) {
        try (InputStream in = EmailTemplates.class.getResourceAsStream("/email/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource email/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A template the tenant already has ({@code POST} again). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }
}
