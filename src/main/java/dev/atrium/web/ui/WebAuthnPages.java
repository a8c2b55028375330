package dev.atrium.web.ui;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.LoginService;
import dev.atrium.clients.ClientStore;
import dev.atrium.mfa.MfaRequirement;
import dev.atrium.mfa.MfaService;
import dev.atrium.mfa.WebAuthnCredential;
import dev.atrium.mfa.WebAuthnService;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import dev.atrium.web.Cookies;
import dev.atrium.web.Csrf;
import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /u/mfa/webauthn-roaming} and {@code /u/mfa/webauthn-platform}: WebAuthn as a second factor, pages of the
 * flow's MFA step beside {@link MfaPages}. A user without any factor enrolls one ({@code mfa-webauthn-*-enrollment});
 * a user with this factor is challenged ({@code mfa-webauthn-*-challenge}). The page carries the options of
 * {@code navigator.credentials.create/get} in a data attribute; {@code /u/assets/webauthn.js} (same origin, no inline
 * script) runs the ceremony and posts the answer as the form field {@code response}. The challenge is bound to the
 * transaction and this browser and taken by the answer; wrong answers count like wrong codes.
 */
public final class WebAuthnPages {
    /** The Guardian factor names, and the amr method each adds to {@code "mfa"}. */
    public static final String ROAMING = "webauthn-roaming";
    public static final String PLATFORM = "webauthn-platform";

    private final HostedPages pages;
    private final MfaPages mfaPages;
    private final WebAuthnService webauthn;
    private final MfaService mfa;
    private final MfaRequirement requirement;
    private final LoginService login;
    private final ClientStore clients;
    private final UserStore users;
    private final Templates templates;
    private final Cookies cookies;
    private final Csrf csrf;

    public WebAuthnPages(HostedPages pages, MfaPages mfaPages, WebAuthnService webauthn, MfaService mfa, MfaRequirement requirement,
                         LoginService login, ClientStore clients, UserStore users, Templates templates, Cookies cookies, Csrf csrf) {
        this.pages = pages;
        this.mfaPages = mfaPages;
        this.webauthn = webauthn;
        this.mfa = mfa;
        this.requirement = requirement;
        this.login = login;
        this.clients = clients;
        this.users = users;
        this.templates = templates;
        this.cookies = cookies;
        this.csrf = csrf;
        mfaPages.register(new MfaPages.ExternalFactor(ROAMING, "Security key", u -> webauthn.has(u, WebAuthnCredential.ROAMING),
                "/u/mfa/" + ROAMING, () -> requirement.settings().factorEnabled(ROAMING)));
        mfaPages.register(new MfaPages.ExternalFactor(PLATFORM, "This device (fingerprint, face or PIN)",
                u -> webauthn.has(u, WebAuthnCredential.PLATFORM), "/u/mfa/" + PLATFORM,
                () -> requirement.settings().factorEnabled(PLATFORM)));
    }

    /**
     * What the page shows: {@code mode} is {@code create} or {@code get}; {@code options} the JSON for the script;
     * {@code skip}: a link that goes on without it (the passkey offer), or null.
     */
    public record View(Chrome chrome, String action, String state, String csrf, String mode, String options, String button,
                       String intro, String otherMethods, String error, String skip) {
    }

    /** The amr method of a factor: a security key is a hardware key ("hwk"), a platform authenticator "swk". */
    static String amrMethod(String factor) {
        return ROAMING.equals(factor) ? "hwk" : "swk";
    }

    private static WebAuthnService.Kind kind(String factor) {
        return ROAMING.equals(factor) ? WebAuthnService.Kind.ROAMING : WebAuthnService.Kind.PLATFORM;
    }

    private Optional<String> factor(Context ctx) {
        String f = ctx.pathParam("factor");
        return ROAMING.equals(f) || PLATFORM.equals(f) ? Optional.of(f) : Optional.empty();
    }

    private Optional<AuthTransaction> pending(Context ctx) {
        return mfaPages.pending(ctx);
    }

    /** What the challenge of this page is bound to: the purpose, the transaction and this browser. */
    static String boundTo(String purpose, AuthTransaction tx, Cookies cookies, Context ctx) {
        return purpose + "|" + tx.id() + "|" + cookies.existingDevice(ctx).orElse("-");
    }

    /** Enrolling: the user has no factor yet and the tenant has this one on. Challenged: the user has this one. */
    private enum Stage { ENROLL, CHALLENGE, NONE }

    private Stage stage(AuthTransaction tx, String factor) {
        if (webauthn.has(tx.userId(), kind(factor).type())) {
            return Stage.CHALLENGE;
        }
        if (!mfaPages.hasFactor(tx.userId()) && requirement.settings().factorEnabled(factor)) {
            return Stage.ENROLL;
        }
        return Stage.NONE;
    }

    public void page(Context ctx) {
        Optional<AuthTransaction> tx = pending(ctx);
        Optional<String> factor = factor(ctx);
        if (tx.isEmpty() || factor.isEmpty() || users.find(tx.get().userId()).isEmpty()) {
            pages.send(ctx, dev.atrium.oauth.AuthorizeEndpoint.expired());
            return;
        }
        render(ctx, 200, tx.get(), factor.get(), null);
    }

    private void render(Context ctx, int status, AuthTransaction tx, String factor, String error) {
        Stage stage = stage(tx, factor);
        if (stage == Stage.NONE) {
            ctx.redirect("/u/mfa?state=" + enc(tx.id()), io.javalin.http.HttpStatus.FOUND);
            return;
        }
        User user = users.find(tx.userId()).orElseThrow();
        var client = clients.find(tx.request().clientId()).orElse(null);
        String bound = boundTo("mfa-" + factor, tx, cookies, ctx);
        boolean roaming = ROAMING.equals(factor);
        String screen = "mfa-" + factor + (stage == Stage.ENROLL ? "-enrollment" : "-challenge");
        String token = csrf.token(cookies.device(ctx), "flow");
        String action = "/u/mfa/" + factor + "?state=" + enc(tx.id());
        if (stage == Stage.ENROLL) {
            String name = user.email().or(user::username).orElse(user.userId());
            String options = webauthn.registrationOptions(kind(factor), user.userId(), name, user.name() == null ? name : user.name(), bound).toString();
            templates.send(ctx, status, "webauthn.jte", new View(pages.chrome(screen, "Secure your account", client, tx), action,
                    tx.id(), token, "create", options, roaming ? "Add a security key" : "Use this device",
                    roaming ? "Insert your security key and touch it when asked." : "Use your fingerprint, face or device PIN when asked.",
                    null, error, null));
        } else {
            String options = webauthn.assertionOptions(kind(factor), user.userId(), bound).toString();
            String other = mfaPages.options(tx).size() > 1 ? "/u/mfa?state=" + enc(tx.id()) + "&factor=options" : null;
            templates.send(ctx, status, "webauthn.jte", new View(pages.chrome(screen, "Verify your identity", client, tx), action,
                    tx.id(), token, "get", options, roaming ? "Use your security key" : "Use this device",
                    roaming ? "Insert your security key and touch it when asked." : "Use your fingerprint, face or device PIN when asked.",
                    other, error, null));
        }
    }

    public void submit(Context ctx) {
        Optional<AuthTransaction> found = pending(ctx);
        Optional<String> factor = factor(ctx);
        if (found.isEmpty() || factor.isEmpty() || !pages.csrfOk(ctx, "flow")) {
            pages.send(ctx, dev.atrium.oauth.AuthorizeEndpoint.expired());
            return;
        }
        AuthTransaction tx = found.get();
        Optional<User> user = users.find(tx.userId());
        if (user.isEmpty()) {
            pages.send(ctx, dev.atrium.oauth.AuthorizeEndpoint.expired());
            return;
        }
        String f = factor.get();
        Stage stage = stage(tx, f);
        if (stage == Stage.NONE) {
            ctx.redirect("/u/mfa?state=" + enc(tx.id()), io.javalin.http.HttpStatus.FOUND);
            return;
        }
        String response = Optional.ofNullable(ctx.formParam("response")).orElse("");
        String bound = boundTo("mfa-" + f, tx, cookies, ctx);
        String[] refusal = {null};
        LoginService.SecondFactor r = login.secondFactor(tx.connectionId(), user.get(), ctx.ip(), () -> {
            try {
                if (stage == Stage.ENROLL) {
                    webauthn.register(kind(f), tx.userId(), response, bound, ROAMING.equals(f) ? "Security key" : "This device");
                } else {
                    webauthn.authenticate(kind(f), tx.userId(), response, bound);
                }
                return true;
            } catch (WebAuthnService.Refused e) {
                refusal[0] = e.getMessage();
                return false;
            }
        });
        switch (r) {
            case BLOCKED -> render(ctx, 429, tx, f, "Too many failed attempts. Try again later.");
            case WRONG -> render(ctx, 400, tx, f, refusal[0]);
            case PASSED -> {
                mfaPages.rememberIfAsked(ctx, tx.userId());
                boolean enrolled = stage == Stage.ENROLL;
                String newCode = enrolled && requirement.settings().factorEnabled(MfaPages.RECOVERY) ? mfa.newRecoveryCode(tx.userId()) : null;
                mfaPages.passed(ctx, tx, user.get(), amrMethod(f));
                if (newCode != null) {
                    mfaPages.showRecoveryCode(ctx, tx, "mfa-recovery-code-enrollment", newCode);
                }
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
