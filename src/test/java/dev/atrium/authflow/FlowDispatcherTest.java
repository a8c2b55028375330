package dev.atrium.authflow;

import dev.atrium.clients.OrganizationUsage;
import dev.atrium.clients.RequireBehavior;

import dev.atrium.access.AccessDecision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The flow dispatcher as a table: what comes next for each state of a transaction. */
class FlowDispatcherTest {
    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    static final FlowDispatcher.ClientView PLAIN = new FlowDispatcher.ClientView(OrganizationUsage.DENY, RequireBehavior.NO_PROMPT);
    static final FlowDispatcher.ClientView PRE = new FlowDispatcher.ClientView(OrganizationUsage.REQUIRE, RequireBehavior.PRE_LOGIN_PROMPT);
    static final FlowDispatcher.ClientView PRE_ALLOW = new FlowDispatcher.ClientView(OrganizationUsage.ALLOW, RequireBehavior.PRE_LOGIN_PROMPT);
    static final FlowDispatcher.SessionView SESSION = new FlowDispatcher.SessionView("auth0|u", "con_db", NOW.minusSeconds(600), "sid1");

    record Case(String name, FlowDispatcher.Input input, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static AuthRequest request(Set<String> prompt, Long maxAge, String screenHint, String organization, String invitation) {
        return new AuthRequest("app", "https://app/cb", true, "query", List.of("openid"), null, "st", null, null, null, prompt,
                maxAge, null, null, screenHint, null, organization, invitation, null, "code");
    }

    static AuthTransaction tx(AuthRequest r) {
        return AuthTransaction.start("tx", "dev", r, NOW, java.time.Duration.ofSeconds(1800), null);
    }

    static AuthTransaction signedIn(AuthRequest r, boolean granted) {
        return new AuthTransaction("tx", "dev", r, NOW, NOW.plusSeconds(1800), "auth0|u", "con_db", NOW, "sid1", true, null,
                null, false, granted, null);
    }

    static FlowDispatcher.Input in(AuthTransaction tx, FlowDispatcher.ClientView client, FlowDispatcher.SessionView session,
                                   boolean usable, AccessDecision access, boolean consentRequired, boolean covered, boolean signup) {
        return new FlowDispatcher.Input(tx, client, session, usable, access, consentRequired, covered, signup, NOW, false);
    }

    static String render(FlowStep s) {
        if (s instanceof FlowStep.Fail f) {
            return "fail " + f.error();
        }
        if (s instanceof FlowStep.ApplyAccess a) {
            return "apply " + a.organization().orElse("-");
        }
        return s.getClass().getSimpleName();
    }

    static final AuthRequest PLAIN_REQ = request(Set.of(), null, null, null, null);
    static final AccessDecision ALLOW = allow();

    static AccessDecision allow() {
        return dev.atrium.access.OrganizationAccess.decide(new dev.atrium.access.AccessRequest(
                new dev.atrium.access.AccessRequest.ClientView("app", false, false, dev.atrium.access.AccessRequest.ClientView.Usage.DENY, dev.atrium.access.AccessRequest.ClientView.Prompt.NO_PROMPT), "auth0|u",
                new dev.atrium.access.AccessRequest.ConnectionView("con_db", "db", true), true, Optional.empty(), Optional.empty(),
                false, dev.atrium.access.AccessRequest.Invitation.NONE, Optional.empty(), List.of(), List.of()));
    }

    static AccessDecision picker() {
        return dev.atrium.access.OrganizationAccess.decide(new dev.atrium.access.AccessRequest(
                new dev.atrium.access.AccessRequest.ClientView("app", false, false, dev.atrium.access.AccessRequest.ClientView.Usage.REQUIRE, dev.atrium.access.AccessRequest.ClientView.Prompt.POST_LOGIN_PROMPT), "auth0|u",
                new dev.atrium.access.AccessRequest.ConnectionView("con_db", "db", true), true, Optional.empty(), Optional.empty(),
                false, dev.atrium.access.AccessRequest.Invitation.NONE, Optional.empty(), List.of("org_a", "org_b"), List.of()));
    }

    static AccessDecision denied() {
        return dev.atrium.access.OrganizationAccess.decide(new dev.atrium.access.AccessRequest(
                new dev.atrium.access.AccessRequest.ClientView("app", false, false, dev.atrium.access.AccessRequest.ClientView.Usage.REQUIRE, dev.atrium.access.AccessRequest.ClientView.Prompt.NO_PROMPT), "auth0|u",
                new dev.atrium.access.AccessRequest.ConnectionView("con_db", "db", true), true, Optional.empty(), Optional.empty(),
                false, dev.atrium.access.AccessRequest.Invitation.NONE, Optional.empty(), List.of(), List.of()));
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no session → login", in(tx(PLAIN_REQ), PLAIN, null, false, null, false, false, true), "ShowLogin"),
                new Case("screen_hint=signup with sign-up allowed → sign-up",
                        in(tx(request(Set.of(), null, "signup", null, null)), PLAIN, null, false, null, false, false, true), "ShowSignup"),
                new Case("screen_hint=signup, sign-up not allowed → login",
                        in(tx(request(Set.of(), null, "signup", null, null)), PLAIN, null, false, null, false, false, false), "ShowLogin"),
                new Case("usable session → adopt it", in(tx(PLAIN_REQ), PLAIN, SESSION, true, null, false, false, true), "AdoptSession"),
                new Case("unusable session → login", in(tx(PLAIN_REQ), PLAIN, SESSION, false, null, false, false, true), "ShowLogin"),
                new Case("oidcc-prompt-login: session ignored", in(tx(request(Set.of("login"), null, null, null, null)), PLAIN, SESSION,
                        true, null, false, false, true), "ShowLogin"),
                new Case("prompt=select_account asks for credentials", in(tx(request(Set.of("select_account"), null, null, null, null)),
                        PLAIN, SESSION, true, null, false, false, true), "ShowLogin"),
                new Case("oidcc-max-age-1: session older than max_age → login", in(tx(request(Set.of(), 60L, null, null, null)), PLAIN,
                        SESSION, true, null, false, false, true), "ShowLogin"),
                new Case("max_age satisfied → adopt", in(tx(request(Set.of(), 3600L, null, null, null)), PLAIN, SESSION, true, null,
                        false, false, true), "AdoptSession"),
                new Case("oidcc-prompt-none-not-logged-in → login_required", in(tx(request(Set.of("none"), null, null, null, null)),
                        PLAIN, null, false, null, false, false, true), "fail login_required"),
                new Case("O74 invitation ignores the session", in(tx(request(Set.of(), null, null, "org_a", "tkt")), PRE, SESSION, true,
                        null, false, false, true), "ShowLogin"),
                new Case("O37 pre-login prompt before credentials", in(tx(PLAIN_REQ), PRE, SESSION, true, null, false, false, true),
                        "ShowOrganizationPrompt"),
                new Case("O37 pre-login prompt under prompt=none → interaction_required",
                        in(tx(request(Set.of("none"), null, null, null, null)), PRE, null, false, null, false, false, true),
                        "fail interaction_required"),
                new Case("O26 organization given → no prompt", in(tx(request(Set.of(), null, null, "org_a", null)), PRE, null, false,
                        null, false, false, true), "ShowLogin"),
                new Case("O42 personal account chosen → no prompt", in(tx(PLAIN_REQ).asPersonal(), PRE_ALLOW, null, false, null, false,
                        false, true), "ShowLogin"),
                new Case("signed in, access allowed → apply it", in(signedIn(PLAIN_REQ, false), PLAIN, null, false, ALLOW, false,
                        false, true), "apply -"),
                new Case("signed in, several organizations → picker", in(signedIn(PLAIN_REQ, false), PLAIN, null, false, picker(),
                        false, false, true), "ShowOrganizationPicker"),
                new Case("signed in, access denied → error", in(signedIn(PLAIN_REQ, false), PLAIN, null, false, denied(), false, false,
                        true), "fail invalid_request"),
                new Case("granted, consent needed and not covered → consent", in(signedIn(PLAIN_REQ, true), PLAIN, null, false, null,
                        true, false, true), "ShowConsent"),
                new Case("granted, consent covered → code", in(signedIn(PLAIN_REQ, true), PLAIN, null, false, null, true, true, true),
                        "IssueCode"),
                new Case("prompt=consent asks again even when covered", in(signedIn(request(Set.of("consent"), null, null, null, null),
                        true), PLAIN, null, false, null, true, true, true), "ShowConsent"),
                new Case("prompt=none and consent missing → consent_required", in(signedIn(request(Set.of("none"), null, null, null,
                        null), true), PLAIN, null, false, null, true, false, true), "fail consent_required"),
                new Case("consented in this transaction → code", in(signedIn(PLAIN_REQ, true).consented(List.of("read")), PLAIN, null,
                        false, null, true, false, true), "IssueCode"),
                new Case("no consent needed → code", in(signedIn(PLAIN_REQ, true), PLAIN, null, false, null, false, false, true),
                        "IssueCode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void next(Case c) {
        assertThat(render(FlowDispatcher.next(c.input()))).isEqualTo(c.expected());
    }
}
