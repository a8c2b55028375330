package dev.atrium.web.ui;

import dev.atrium.authflow.AuthTransaction;
import dev.atrium.authflow.LoginService;
import dev.atrium.clients.ClientStore;
import dev.atrium.mfa.MfaRequirement;
import dev.atrium.mfa.MfaService;
import dev.atrium.mfa.MfaSettings;
import dev.atrium.oauth.AuthorizeEndpoint;
import dev.atrium.users.User;
import dev.atrium.users.UserStore;
import dev.atrium.web.Cookies;
import dev.atrium.web.Csrf;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code /u/mfa}: the page of {@code FlowStep.ShowMfa}, with Auth0's screen names as {@code data-screen}. A user
 * without a factor enrolls one ({@code mfa-otp-enrollment-qr}: a QR code, the secret as text, its
 * {@code otpauth://} URI) and is then shown a recovery code once ({@code mfa-recovery-code-enrollment}); a user with
 * factors is challenged ({@code mfa-otp-challenge}, {@code mfa-recovery-code-challenge}) or, with several, chooses
 * ({@code mfa-login-options}). A passed factor records its method in the transaction, starts the SSO session (none
 * exists before it) with that {@code amr}, and returns to the flow. The page is reached only through its
 * transaction, bound to this browser; wrong codes go through the same failure counter as wrong passwords.
 */
public final class MfaPages {
    /** The recovery-code factor's name in the Guardian API and on this page. */
    static final String RECOVERY = "recovery-code";
    static final String OTP = "otp";

    /**
     * A second factor served by other pages (WebAuthn): {@code enrolled} tells whether the user has it; the
     * choice screen links to {@code path} with the transaction's {@code state}. Those pages call
     * {@link #passed(Context, AuthTransaction, User, String)} once it is passed.
     */
    public record ExternalFactor(String name, String label, java.util.function.Predicate<String> enrolled, String path,
                                 java.util.function.BooleanSupplier enabled) {
    }

    /** One line of the factor choice. */
    public record Option(String name, String label, String href) {
    }

    private final HostedPages pages;
    private final AuthorizeEndpoint authorize;
    private final MfaService mfa;
    private final MfaRequirement requirement;
    private final LoginService login;
    private final ClientStore clients;
    private final UserStore users;
    private final Templates templates;
    private final Cookies cookies;
    private final Csrf csrf;
    private final boolean secure;
    private final List<ExternalFactor> external = new CopyOnWriteArrayList<>();

    public MfaPages(HostedPages pages, AuthorizeEndpoint authorize, MfaService mfa, MfaRequirement requirement, LoginService login,
                    ClientStore clients, UserStore users, Templates templates, Cookies cookies, Csrf csrf, String issuer) {
        this.pages = pages;
        this.authorize = authorize;
        this.mfa = mfa;
        this.requirement = requirement;
        this.login = login;
        this.clients = clients;
        this.users = users;
        this.templates = templates;
        this.cookies = cookies;
        this.csrf = csrf;
        this.secure = issuer.startsWith("https://");
    }

    /** Adds a factor served by other pages to the choice screen. */
    public void register(ExternalFactor factor) {
        external.add(factor);
    }

    /**
     * What one page shows. {@code secret}/{@code uri}/{@code qr}: the OTP enrollment; {@code recoveryCode}: a code
     * shown once, with {@code continueHref}; {@code options}: the choice; {@code otherMethods}: the link to it.
     */
    public record View(Chrome chrome, String state, String csrf, String factor, String secret, String uri, String qr,
                       String recoveryCode, String continueHref, List<Option> options, String otherMethods,
                       int rememberDays, String error) {
    }

    /**
     * This browser's transaction while its flow is at the MFA step: authenticated, and the policy asks it for a second
     * factor it has not passed. Otherwise empty, so the factor pages (enrollment included) cannot be reached by a
     * transaction that was never asked for one, such as one that adopted an SSO session without a factor.
     */
    Optional<AuthTransaction> pending(Context ctx) {
        return pages.transaction(ctx).filter(AuthTransaction::authenticated).filter(authorize::secondFactorPending);
    }

    public void page(Context ctx) {
        Optional<AuthTransaction> tx = pending(ctx);
        Optional<User> user = tx.flatMap(t -> users.find(t.userId()));
        if (user.isEmpty()) {
            pages.send(ctx, AuthorizeEndpoint.expired());
            return;
        }
        int days = requirement.settings().rememberBrowserDays();
        if (days > 0 && hasFactor(user.get().userId()) && mfa.browserRemembered(ctx.cookie(rememberCookie()), user.get().userId())) {
            passed(ctx, tx.get(), user.get(), null);
            return;
        }
        render(ctx, 200, tx.get(), ctx.queryParam("factor"), null);
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
        String userId = tx.userId();
        boolean enrolling = !hasFactor(userId);
        boolean recovery = !enrolling && RECOVERY.equals(ctx.formParam("factor"));
        String code = ctx.formParam("code");
        LoginService.SecondFactor r = login.secondFactor(tx.connectionId(), user.get(), ctx.ip(),
                () -> recovery ? mfa.useRecoveryCode(userId, code) : mfa.verify(userId, code, enrolling));
        String shown = recovery ? RECOVERY : OTP;
        switch (r) {
            case BLOCKED -> render(ctx, 429, tx, shown, "Too many failed attempts. Try again later.");
            case WRONG -> render(ctx, 400, tx, shown, recovery ? "That recovery code is not valid."
                    : "That code is not valid. Enter the current code from your app.");
            case PASSED -> {
                rememberIfAsked(ctx, userId);
                MfaSettings settings = requirement.settings();
                // a used recovery code is replaced at once; a first enrollment gets one when the factor is on
                String newCode = recovery || (enrolling && settings.factorEnabled(RECOVERY)) ? mfa.newRecoveryCode(userId) : null;
                passed(ctx, tx, user.get(), recovery ? RECOVERY : OTP);
                if (newCode != null) {
                    showRecoveryCode(ctx, tx, recovery ? "mfa-recovery-code-challenge-new-code" : "mfa-recovery-code-enrollment", newCode);
                }
            }
        }
    }

    /**
     * The second factor {@code method} is passed (null: a remembered browser, whose {@code amr} is {@code ["mfa"]}):
     * the SSO session starts now, remembers the {@code amr}, and the browser is sent back to the flow.
     */
    public void passed(Context ctx, AuthTransaction tx, User user, String method) {
        AuthTransaction done = tx.withMfa(method == null ? "mfa" : method);
        pages.completeSecondFactor(ctx, done, user);
        List<String> amr = method == null ? List.of("mfa") : List.of("mfa", method);
        cookies.existingDevice(ctx).flatMap(d -> authorize.transaction(tx.id(), d)).map(AuthTransaction::sid)
                .ifPresent(sid -> mfa.recordSession(sid, user.userId(), amr));
    }

    /** Instead of the redirect back to the flow: the code, once, and a link that continues the flow. */
    void showRecoveryCode(Context ctx, AuthTransaction tx, String screen, String code) {
        ctx.res().setHeader("Location", null);
        var client = clients.find(tx.request().clientId()).orElse(null);
        templates.send(ctx, 200, "mfa.jte", new View(pages.chrome(screen, "Save your recovery code", client, tx), tx.id(), null,
                RECOVERY, null, null, null, code, "/authorize/resume?state=" + enc(tx.id()), List.of(), null, 0, null));
    }

    void rememberIfAsked(Context ctx, String userId) {
        int days = requirement.settings().rememberBrowserDays();
        if (days > 0 && "on".equals(ctx.formParam("remember"))) {
            Cookie c = new Cookie(rememberCookie(), mfa.rememberBrowser(userId, days));
            c.setPath("/");
            c.setHttpOnly(true);
            c.setSecure(secure);
            c.setSameSite(SameSite.LAX);
            c.setMaxAge(days * 24 * 3600);
            ctx.cookie(c);
        }
    }

    String rememberCookie() {
        return secure ? "__Host-atrium_mfa_browser" : "atrium_mfa_browser";
    }

    /** The user has a factor to be challenged with: a TOTP app or one of the external factors (WebAuthn). */
    boolean hasFactor(String userId) {
        return mfa.enrolled(userId) || external.stream().anyMatch(f -> f.enrolled().test(userId));
    }

    /** The factors a user without any may enroll: OTP when on (or when nothing else is), and the external ones on. */
    private List<Option> enrollable(AuthTransaction tx) {
        String state = enc(tx.id());
        List<Option> out = new ArrayList<>();
        if (requirement.settings().factorEnabled(OTP)) {
            out.add(new Option(OTP, "Authenticator app", "/u/mfa?state=" + state + "&factor=" + OTP));
        }
        for (ExternalFactor f : external) {
            if (f.enabled().getAsBoolean()) {
                out.add(new Option(f.name(), f.label(), f.path() + "?state=" + state));
            }
        }
        return out;
    }

    /** The choices of a user with factors: OTP, the external factors they have, and the recovery code. */
    List<Option> options(AuthTransaction tx) {
        String state = enc(tx.id());
        List<Option> out = new ArrayList<>();
        String userId = tx.userId();
        if (mfa.confirmed(userId).stream().anyMatch(e -> MfaService.OTP.equals(e.type()))) {
            out.add(new Option(OTP, "Authenticator app", "/u/mfa?state=" + state + "&factor=" + OTP));
        }
        for (ExternalFactor f : external) {
            if (f.enrolled().test(userId)) {
                out.add(new Option(f.name(), f.label(), f.path() + "?state=" + state));
            }
        }
        if (mfa.hasRecoveryCode(userId)) {
            out.add(new Option(RECOVERY, "Recovery code", "/u/mfa?state=" + state + "&factor=" + RECOVERY));
        }
        return out;
    }

    private void render(Context ctx, int status, AuthTransaction tx, String factor, String error) {
        var client = clients.find(tx.request().clientId()).orElse(null);
        String token = csrf.token(cookies.device(ctx), "flow");
        int days = requirement.settings().rememberBrowserDays();
        if (!hasFactor(tx.userId())) {
            List<Option> choices = enrollable(tx);
            Optional<Option> external = choices.stream().filter(o -> !OTP.equals(o.name()))
                    .filter(o -> o.name().equals(factor) || (factor == null && choices.size() == 1)).findFirst();
            if (external.isPresent()) {
                ctx.redirect(external.get().href(), io.javalin.http.HttpStatus.FOUND);
                return;
            }
            if (factor == null && choices.size() > 1) {
                templates.send(ctx, status, "mfa.jte", new View(pages.chrome("mfa-enroll-options", "Secure your account", client, tx),
                        tx.id(), token, null, null, null, null, null, null, choices, null, days, error));
                return;
            }
            MfaService.Pending p = mfa.pending(tx.userId());
            String account = users.find(tx.userId()).flatMap(User::email).orElse(tx.userId());
            String uri = p.uri(pages.chrome("mfa-otp-enrollment-qr", "", client).tenantName(), account);
            templates.send(ctx, status, "mfa.jte", new View(pages.chrome("mfa-otp-enrollment-qr", "Secure your account", client, tx),
                    tx.id(), token, OTP, p.secretBase32(), uri, QrCodes.pngDataUri(uri), null, null, List.of(), null, days, error));
            return;
        }
        List<Option> options = options(tx);
        String otherMethods = options.size() > 1 ? "/u/mfa?state=" + enc(tx.id()) + "&factor=options" : null;
        boolean otp = options.stream().anyMatch(o -> OTP.equals(o.name()));
        long primary = options.stream().filter(o -> !RECOVERY.equals(o.name())).count();
        if (factor == null && primary == 1 && !otp) {
            // one factor, served by other pages (WebAuthn): straight to it
            ctx.redirect(options.get(0).href(), io.javalin.http.HttpStatus.FOUND);
            return;
        }
        String chosen = factor != null ? factor : primary > 1 || !otp ? "options" : OTP;
        if (RECOVERY.equals(chosen) && mfa.hasRecoveryCode(tx.userId())) {
            templates.send(ctx, status, "mfa.jte", new View(pages.chrome("mfa-recovery-code-challenge", "Verify your identity", client, tx),
                    tx.id(), token, RECOVERY, null, null, null, null, null, List.of(), otherMethods, days, error));
        } else if (OTP.equals(chosen) && otp) {
            templates.send(ctx, status, "mfa.jte", new View(pages.chrome("mfa-otp-challenge", "Verify your identity", client, tx),
                    tx.id(), token, OTP, null, null, null, null, null, List.of(), otherMethods, days, error));
        } else {
            templates.send(ctx, status, "mfa.jte", new View(pages.chrome("mfa-login-options", "Other methods", client, tx),
                    tx.id(), token, null, null, null, null, null, null, options, null, days, error));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
