package dev.atrium.enterprise;

import dev.atrium.oauth.SignInFixture;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v2/logout?federated}: after Atrium's own session ends, on to the enterprise provider's end-session endpoint. */
class FederatedLogoutTest {
    @RegisterExtension
    static final TestAtrium idp = new TestAtrium();
    @RegisterExtension
    static final TestAtrium rp = new TestAtrium(c -> c.withAllowInsecureUpstreamUrls(true));

    @Test
    void federatedLogoutEndsTheLocalSessionAndContinuesToTheProvider() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        assertThat(f.signIn(f.app.authorizeWeb("openid", "&connection=" + f.connection)).location()).contains("code=");

        TestBrowser.Page out = f.rpBrowser.get("/v2/logout?federated&client_id=" + f.app.webId + "&returnTo="
                + TestAtrium.enc(SignInFixture.WEB_LOGOUT));
        assertThat(out.status()).as(out.body()).isEqualTo(302);
        assertThat(out.location()).startsWith(idp.issuer() + "oidc/logout?");
        Map<String, String> q = SignInFixture.query(out.location());
        assertThat(q).containsEntry("client_id", f.idpClientId).containsEntry("post_logout_redirect_uri", SignInFixture.WEB_LOGOUT);

        // the relying party's session is over: a silent sign-in now needs a login
        TestBrowser.Page silent = f.rpBrowser.open(f.app.authorizeWeb("openid", "&prompt=none"));
        assertThat(silent.location()).contains("error=login_required");
    }

    @Test
    void withoutFederatedOrForADatabaseSessionTheLogoutStaysLocal() {
        EnterpriseFixture f = new EnterpriseFixture(idp, rp, "");
        assertThat(f.signIn(f.app.authorizeWeb("openid", "&connection=" + f.connection)).location()).contains("code=");
        TestBrowser.Page local = f.rpBrowser.get("/v2/logout?client_id=" + f.app.webId + "&returnTo="
                + TestAtrium.enc(SignInFixture.WEB_LOGOUT));
        assertThat(local.location()).isEqualTo(SignInFixture.WEB_LOGOUT);

        TestBrowser db = new TestBrowser(rp.baseUrl());
        assertThat(f.app.signIn(db, f.app.authorizeWeb("openid", "")).location()).contains("code=");
        TestBrowser.Page out = db.get("/v2/logout?federated&client_id=" + f.app.webId + "&returnTo="
                + TestAtrium.enc(SignInFixture.WEB_LOGOUT));
        assertThat(out.location()).isEqualTo(SignInFixture.WEB_LOGOUT);
        // a returnTo that is not allowed is still refused, federated or not
        TestBrowser.Page bad = f.rpBrowser.get("/v2/logout?federated&client_id=" + f.app.webId + "&returnTo="
                + TestAtrium.enc("https://evil.example/"));
        assertThat(bad.status()).isEqualTo(400);
    }
}
