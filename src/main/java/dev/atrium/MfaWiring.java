package dev.atrium;

import dev.atrium.authflow.LoginService;
import dev.atrium.clients.ClientStore;
import dev.atrium.mfa.MfaRequirement;
import dev.atrium.mfa.MfaService;
import dev.atrium.mfa.WebAuthnService;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.storage.JdbcWebAuthnCredentialStore;
import dev.atrium.users.UserStore;
import dev.atrium.web.Cookies;
import dev.atrium.web.Csrf;
import dev.atrium.web.MfaRoutes;
import dev.atrium.web.WebAuthnRoutes;
import dev.atrium.web.dashboard.MfaDashboardPages;
import dev.atrium.web.management.GuardianApi;
import dev.atrium.web.ui.HostedPages;
import dev.atrium.web.ui.MfaPages;
import dev.atrium.web.ui.PasskeyPages;
import dev.atrium.web.ui.Templates;
import dev.atrium.web.ui.WebAuthnPages;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The object graph of issue 12's WebAuthn part, kept out of {@link Atrium}: the credential store and service (the
 * issuer is the relying party; the tenant's {@code atrium_webauthn_attestation} is read per request), the
 * second-factor and passkey pages, and their place in the Management API and the dashboard.
 */
final class MfaWiring {
    private MfaWiring() {
    }

    static WebAuthnService webAuthn(Jdbi jdbi, Clock clock, String issuer, Supplier<JsonNode> tenantDoc) {
        return new WebAuthnService(new JdbcWebAuthnCredentialStore(jdbi), clock, issuer,
                () -> tenantDoc.get().path(WebAuthnService.ATTESTATION_SETTING).asString("none"));
    }

    /** The MFA routes with WebAuthn: every page and API of issue 12. */
    static MfaRoutes routes(WebAuthnService webauthn, GuardianApi guardian, MfaPages mfaPages, MfaDashboardPages dashboard,
                            HostedPages pages, AuthorizeEndpoint authorize, MfaService mfa, MfaRequirement requirement, LoginService login,
                            ClientStore clients, UserStore users, Templates templates, Cookies cookies, Csrf csrf) {
        WebAuthnPages secondFactor = new WebAuthnPages(pages, mfaPages, webauthn, mfa, requirement, login, clients, users, templates,
                cookies, csrf);
        PasskeyPages passkeys = new PasskeyPages(pages, mfaPages, authorize, webauthn, clients, users, templates, cookies, csrf);
        return new MfaRoutes(guardian.withWebAuthn(webauthn), mfaPages, dashboard.withWebAuthn(webauthn))
                .withWebAuthn(new WebAuthnRoutes(secondFactor, passkeys));
    }
}
