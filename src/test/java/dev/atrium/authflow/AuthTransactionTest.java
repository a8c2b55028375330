package dev.atrium.authflow;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The transitions of a transaction that guard the organization-switch attack (issue 9 point 2). */
class AuthTransactionTest {
    static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    static AuthTransaction decidedInAcme() {
        AuthRequest r = new AuthRequest("app", "https://app/cb", true, "query", List.of("openid"), null, "st", null, null, null,
                Set.of(), null, null, null, null, null, null, null, null, "code");
        return AuthTransaction.start("tx", "dev", r, NOW, Duration.ofMinutes(30), null)
                .authenticated("auth0|u", "con_db", NOW, "sid", true).inOrganization("org_acme").granted("org_acme")
                .consented(List.of("read:things"));
    }

    @Test
    void anotherOrganizationClearsTheDecisionAndTheConsent() {
        AuthTransaction tx = decidedInAcme();
        assertThat(tx.accessGranted()).isTrue();
        assertThat(tx.organizationSettled()).isTrue();
        AuthTransaction moved = tx.inOrganization("org_initech");
        assertThat(moved.organizationId()).isEqualTo("org_initech");
        assertThat(moved.accessGranted()).isFalse();
        assertThat(moved.consentedScopes()).isNull();
        assertThat(moved.personal()).isFalse();
    }

    @Test
    void aPersonalAccountClearsTheOrganizationTheDecisionAndTheConsent() {
        AuthTransaction personal = decidedInAcme().asPersonal();
        assertThat(personal.organizationId()).isNull();
        assertThat(personal.accessGranted()).isFalse();
        assertThat(personal.consentedScopes()).isNull();
        assertThat(personal.personal()).isTrue();
        // a personal choice after authentication settles the organization too
        assertThat(personal.organizationSettled()).isTrue();
    }

    @Test
    void beforeAuthenticationNothingIsSettled() {
        AuthTransaction fresh = AuthTransaction.start("tx", "dev", decidedInAcme().request(), NOW, Duration.ofMinutes(30), null);
        assertThat(fresh.organizationSettled()).isFalse();
        assertThat(fresh.inOrganization("org_acme").organizationSettled()).isFalse();
        assertThat(fresh.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    }
}
