package dev.atrium.web.ui;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.LoginService;
import dev.atrium.clients.ClientStore;
import dev.atrium.mfa.MfaService;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import dev.atrium.web.Cookies;
import dev.atrium.web.Csrf;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * {@code /u/mfa}: the page of {@code FlowStep.ShowMfa}. A user without a confirmed factor sees the enrollment
 * ({@code mfa-otp-enrollment-qr}: the secret as text and its {@code otpauth://} URI); one with a factor sees the
 * challenge ({@code mfa-otp-challenge}). A right code records the factor in the transaction, starts the SSO
 * session (none exists before it), and returns to the flow. The page is reached only through its transaction,
 * which is bound to this browser; wrong codes go through the same failure counter as wrong passwords.
 */
public final class MfaPages {
    private final HostedPages pages;
    private final AuthorizeEndpoint authorize;
    private final MfaService mfa;
    private final LoginService login;
    private final ClientStore clients;
    private final UserStore users;
    private final Templates templates;
    private final Cookies cookies;
    private final Csrf csrf;

    public MfaPages(HostedPages pages, AuthorizeEndpoint authorize, MfaService mfa, LoginService login, ClientStore clients,
                    UserStore users, Templates templates, Cookies cookies, Csrf csrf) {
        this.pages = pages;
        this.authorize = authorize;
        this.mfa = mfa;
        this.login = login;
        this.clients = clients;
        this.users = users;
        this.templates = templates;
        this.cookies = cookies;
        this.csrf = csrf;
    }

    public record View(Chrome chrome, String state, String csrf, String secret, String uri, String error) {
    }

    private Optional<AuthTransaction> pending(Context ctx) {
        return pages.transaction(ctx).filter(AuthTransaction::authenticated).filter(t -> !t.mfaDone());
    }

    public void page(Context ctx) {
        Optional<AuthTransaction> tx = pending(ctx);
        if (tx.isEmpty()) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        render(ctx, 200, tx.get(), null);
    }

    public void submit(Context ctx) {
        Optional<AuthTransaction> found = pending(ctx);
        if (found.isEmpty() || !pages.csrfOk(ctx, "flow")) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        Optional<User> user = users.find(tx.userId());
        if (user.isEmpty()) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        boolean enrolling = !mfa.enrolled(tx.userId());
        LoginService.SecondFactor r = login.secondFactor(tx.connectionId(), user.get(), ctx.ip(),
                () -> mfa.verify(tx.userId(), ctx.formParam("code"), enrolling));
        switch (r) {
            case PASSED -> pages.completeSecondFactor(ctx, tx.withMfa("otp"), user.get());
            case BLOCKED -> render(ctx, 429, tx, "Too many failed attempts. Try again later.");
            case WRONG -> render(ctx, 400, tx, "That code is not valid. Enter the current code from your app.");
        }
    }

    private void render(Context ctx, int status, AuthTransaction tx, String error) {
        var client = clients.find(tx.request().clientId()).orElse(null);
        String secret = null;
        String uri = null;
        String screen = "mfa-otp-challenge";
        if (!mfa.enrolled(tx.userId())) {
            MfaService.Pending p = mfa.pending(tx.userId());
            String account = users.find(tx.userId()).flatMap(User::email).orElse(tx.userId());
            secret = p.secretBase32();
            uri = p.uri(pages.chrome(screen, "", client).tenantName(), account);
            screen = "mfa-otp-enrollment-qr";
        }
        String title = secret != null ? "Secure your account" : "Verify your identity";
        templates.send(ctx, status, "mfa_otp.jte", new View(pages.chrome(screen, title, client, tx), tx.id(),
                csrf.token(cookies.device(ctx), "flow"), secret, uri, error));
    }
}
