package dev.atrium.web;

import dev.atrium.web.dashboard.DashboardAuth;
import dev.atrium.web.dashboard.MfaDashboardPages;
import dev.atrium.web.management.GuardianApi;
import dev.atrium.web.ui.MfaPages;
import io.javalin.config.RoutesConfig;

/**
 * Every route of issue 12 except WebAuthn (see {@code WebAuthnRoutes}), registered from one line of {@link Routes}:
 * the hosted MFA step ({@code /u/mfa}), the Guardian policies and factors, and a user's authentication methods,
 * authenticators, recovery code and remembered browsers; and the dashboard's MFA page and a user's factor reset. Management routes sit under {@code /api/v2}, so the API's
 * authentication filter covers them like every other.
 */
public final class MfaRoutes {
    private final GuardianApi guardian;
    private final MfaPages pages;
    private final MfaDashboardPages dashboard;

    public MfaRoutes(GuardianApi guardian, MfaPages pages, MfaDashboardPages dashboard) {
        this.guardian = guardian;
        this.pages = pages;
        this.dashboard = dashboard;
    }

    /** WebAuthn (issue 12): its pages and script; none until wiring supplies them. */
    private WebAuthnRoutes webauthn;

    public MfaRoutes withWebAuthn(WebAuthnRoutes webauthn) {
        this.webauthn = webauthn;
        return this;
    }

    /** The MFA step's pages, where another factor's pages register themselves for the choice screen. */
    public MfaPages pages() {
        return pages;
    }

    public void register(RoutesConfig r, DashboardAuth admin) {
        // the page of FlowStep.ShowMfa
        r.get("/u/mfa", pages::page);
        r.post("/u/mfa", pages::submit);
        if (webauthn != null) {
            webauthn.register(r);
        }

        r.get("/api/v2/guardian/policies", guardian::getPolicies);
        r.put("/api/v2/guardian/policies", guardian::putPolicies);
        r.get("/api/v2/guardian/factors", guardian::listFactors);
        r.put("/api/v2/guardian/factors/{name}", guardian::putFactor);
        r.get("/api/v2/users/{id}/authentication-methods", guardian::listMethods);
        r.delete("/api/v2/users/{id}/authentication-methods", guardian::deleteAllMethods);
        r.get("/api/v2/users/{id}/authentication-methods/{method}", guardian::getMethod);
        r.delete("/api/v2/users/{id}/authentication-methods/{method}", guardian::deleteMethod);
        r.delete("/api/v2/users/{id}/authenticators", guardian::deleteAuthenticators);
        r.post("/api/v2/users/{id}/recovery-code-regeneration", guardian::regenerateRecoveryCode);
        r.post("/api/v2/users/{id}/multifactor/actions/invalidate-remember-browser", guardian::invalidateRememberBrowser);

        // the dashboard: the tenant and organization policies, and a user's factors with a reset
        r.get("/dashboard/mfa", admin.admin(dashboard::page));
        r.post("/dashboard/mfa/policy", admin.admin(dashboard::updatePolicy));
        r.post("/dashboard/mfa/organizations", admin.admin(dashboard::updateOrganization));
        r.post("/dashboard/users/{id}/mfa/reset", admin.admin(dashboard::resetUser));
    }
}
