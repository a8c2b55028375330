package dev.atrium.web.management;

import dev.atrium.common.Json;
import dev.atrium.mfa.MfaEnrollment;
import dev.atrium.mfa.MfaPolicy;
import dev.atrium.mfa.MfaService;
import dev.atrium.mfa.MfaSettings;
import dev.atrium.tenant.TenantSettingsPatch;
import dev.atrium.tenant.TenantSettingsService;
import dev.atrium.users.UserService;
import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * MFA (issue 12), Auth0's shapes: {@code /api/v2/guardian/policies} ({@code []} or {@code ["all-applications"]}),
 * {@code /api/v2/guardian/factors} (on/off per factor), and a user's {@code authentication-methods} and
 * {@code authenticators}. The tenant's choices live in the tenant document ({@code guardian_policies},
 * {@code guardian_factors}), which the flow reads.
 */
public final class GuardianApi {
    /** The factors this release offers; the others of Auth0 are listed as not enabled and cannot be turned on. */
    static final List<String> FACTORS = List.of("otp", "recovery-code", "webauthn-roaming", "webauthn-platform", "sms",
            "push-notification", "email", "duo");
    static final List<String> AVAILABLE = List.of("otp", "recovery-code", "webauthn-roaming", "webauthn-platform");

    private final TenantSettingsService tenant;
    private final MfaService mfa;
    private final UserService users;

    public GuardianApi(TenantSettingsService tenant, MfaService mfa, UserService users) {
        this.tenant = tenant;
        this.mfa = mfa;
        this.users = users;
    }

    /** MFA (issue 12): a user's WebAuthn credentials are authentication methods too; none until wiring supplies them. */
    private dev.atrium.mfa.WebAuthnService webauthn;

    public GuardianApi withWebAuthn(dev.atrium.mfa.WebAuthnService webauthn) {
        this.webauthn = webauthn;
        return this;
    }

    private List<dev.atrium.mfa.WebAuthnCredential> credentials(String userId) {
        return webauthn == null ? List.of() : webauthn.list(userId);
    }

    /** Auth0's shape of a WebAuthn method: its type, name, the credential id as {@code key_id}, and the rp id. */
    private ObjectNode render(dev.atrium.mfa.WebAuthnCredential c) {
        ObjectNode o = Json.object().put("id", c.id()).put("type", c.methodType()).put("confirmed", true).put("name", c.name())
                .put("key_id", c.credentialId()).put("relying_party_identifier", webauthn.rpId())
                .put("created_at", c.createdAt().toString());
        if (c.lastUsedAt() != null) {
            o.put("last_auth_at", c.lastUsedAt().toString());
        }
        return o;
    }

    /** The tenant's policies, as the flow reads them. */
    public static List<String> policies(JsonNode tenantDoc) {
        return MfaSettings.of(tenantDoc).policies();
    }

    public static boolean factorEnabled(JsonNode tenantDoc, String name) {
        return MfaSettings.of(tenantDoc).factorEnabled(name);
    }

    public void getPolicies(Context ctx) {
        ManagementApi.require(ctx, "read:mfa_policies");
        ArrayNode out = Json.MAPPER.createArrayNode();
        policies(tenant.get().doc()).forEach(out::add);
        ManagementApi.json(ctx, 200, out);
    }

    public void putPolicies(Context ctx) {
        ManagementApi.require(ctx, "update:mfa_policies");
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body());
        } catch (RuntimeException e) {
            throw ApiException.badRequest("Invalid request body: not JSON");
        }
        if (body == null || !body.isArray() || body.size() > 1
                || (body.size() == 1 && !MfaPolicy.ALL_APPLICATIONS.equals(body.get(0).asString("")))) {
            throw ApiException.badRequest("Payload validation error: the policies are [] or [\"all-applications\"]");
        }
        tenant.update(TenantSettingsPatch.none().withSetting("guardian_policies", Json.stringList(body)));
        ManagementApi.json(ctx, 200, body);
    }

    public void listFactors(Context ctx) {
        ManagementApi.require(ctx, "read:guardian_factors");
        JsonNode doc = tenant.get().doc();
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (String f : FACTORS) {
            out.add(Json.object().put("name", f).put("enabled", factorEnabled(doc, f)).put("trial_expired", false));
        }
        ManagementApi.json(ctx, 200, out);
    }

    public void putFactor(Context ctx) {
        ManagementApi.require(ctx, "update:guardian_factors");
        String name = ManagementApi.path(ctx, "name");
        if (!FACTORS.contains(name)) {
            throw ApiException.notFound("Factor not found", "inexistent_factor");
        }
        ObjectNode body = ManagementApi.body(ctx);
        if (body.size() != 1 || !body.path("enabled").isBoolean()) {
            throw ApiException.badRequest("Payload validation error: 'enabled' is required and must be a boolean");
        }
        boolean enabled = body.get("enabled").asBoolean();
        if (enabled && !AVAILABLE.contains(name)) {
            throw ApiException.badRequest("The factor " + name + " is not available in this tenant");
        }
        ObjectNode factors = tenant.get().doc().path("guardian_factors").isObject()
                ? ((ObjectNode) tenant.get().doc().get("guardian_factors")).deepCopy() : Json.object();
        factors.put(name, enabled);
        tenant.update(TenantSettingsPatch.none().withDocument("guardian_factors", factors));
        ManagementApi.json(ctx, 200, Json.object().put("enabled", enabled));
    }

    // ---- a user's methods

    private String user(Context ctx) {
        String id = ManagementApi.path(ctx, "id");
        users.find(id).orElseThrow(UsersApi::notFound);
        return id;
    }

    private static ObjectNode render(MfaEnrollment e) {
        return Json.object().put("id", e.id()).put("type", e.type()).put("confirmed", e.confirmed())
                .put("created_at", e.createdAt().toString());
    }

    public void listMethods(Context ctx) {
        ManagementApi.require(ctx, "read:authentication_methods");
        ArrayNode out = Json.MAPPER.createArrayNode();
        String id = user(ctx);
        mfa.list(id).forEach(e -> out.add(render(e)));
        credentials(id).forEach(c -> out.add(render(c)));
        ManagementApi.json(ctx, 200, out);
    }

    public void getMethod(Context ctx) {
        ManagementApi.require(ctx, "read:authentication_methods");
        String id = user(ctx);
        String method = ManagementApi.path(ctx, "method");
        java.util.Optional<MfaEnrollment> e = mfa.find(id, method);
        if (e.isPresent()) {
            ManagementApi.json(ctx, 200, render(e.get()));
            return;
        }
        dev.atrium.mfa.WebAuthnCredential c = credentials(id).stream().filter(x -> x.id().equals(method)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Authentication method not found", "inexistent_authentication_method"));
        ManagementApi.json(ctx, 200, render(c));
    }

    public void deleteMethod(Context ctx) {
        ManagementApi.require(ctx, "delete:authentication_methods");
        String id = user(ctx);
        String method = ManagementApi.path(ctx, "method");
        if (!mfa.delete(id, method) && (webauthn == null || !webauthn.delete(id, method))) {
            throw ApiException.notFound("Authentication method not found", "inexistent_authentication_method");
        }
        ManagementApi.noContent(ctx);
    }

    public void deleteAllMethods(Context ctx) {
        ManagementApi.require(ctx, "delete:authentication_methods");
        String id = user(ctx);
        mfa.deleteAll(id);
        if (webauthn != null) {
            webauthn.deleteAll(id); // passkeys too: every authentication method but the password
        }
        ManagementApi.noContent(ctx);
    }

    public void deleteAuthenticators(Context ctx) {
        ManagementApi.require(ctx, "delete:guardian_enrollments");
        String id = user(ctx);
        mfa.deleteAll(id);
        if (webauthn != null) {
            webauthn.deleteSecondFactors(id); // security keys and platform authenticators; passkeys are a first factor
        }
        ManagementApi.noContent(ctx);
    }

    /** Auth0's {@code POST /users/{id}/recovery-code-regeneration}: a new code replaces the old one, shown once. */
    public void regenerateRecoveryCode(Context ctx) {
        ManagementApi.require(ctx, "update:users");
        String id = user(ctx);
        ManagementApi.json(ctx, 200, Json.object().put("recovery_code", mfa.newRecoveryCode(id)));
    }

    /** Auth0's {@code POST /users/{id}/multifactor/actions/invalidate-remember-browser}: every remembered browser forgotten. */
    public void invalidateRememberBrowser(Context ctx) {
        ManagementApi.require(ctx, "update:users");
        mfa.forgetBrowsers(user(ctx));
        ManagementApi.noContent(ctx);
    }
}
