package dev.atrium.storage;

import dev.atrium.clients.Client;
import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.onboarding.ApplicationApproval;
import dev.atrium.onboarding.ApplicationApprovalStore;
import dev.atrium.organizations.Organization;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link ApplicationApprovalStore} (issue 14), run on H2 and PostgreSQL. */
public interface ApplicationApprovalStoreContract {
    Jdbi jdbi();

    private String approvalOrg() {
        String name = "org-" + Ids.alnum(12).toLowerCase();
        Organization org = new Organization(Ids.prefixed("org_", 16), name, Json.object(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        new JdbcOrganizationStore(jdbi(), Clock.systemUTC()).create(org, List.of());
        return org.id();
    }

    private String approvalClient() {
        String id = Ids.alnum(32);
        new JdbcClientStore(jdbi(), Clock.systemUTC()).create(new Client(id, Json.object().put("client_id", id)
                .put("name", "app " + id), Optional.empty()));
        return id;
    }

    @Test
    default void approvalRequestIsRecordedOnceAndNeverOverridesADecision() {
        ApplicationApprovalStore store = new JdbcApplicationApprovalStore(jdbi());
        String org = approvalOrg();
        String app = approvalClient();
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        assertThat(store.find(org, app)).isEmpty();
        ApplicationApproval first = store.request(org, app, t0);
        assertThat(first.status()).isEqualTo(ApplicationApproval.Status.PENDING);
        assertThat(store.request(org, app, t0.plusSeconds(60)).requestedAt()).isEqualTo(t0);
        assertThat(store.decide(org, app, ApplicationApproval.Status.APPROVED, t0.plusSeconds(120))).isTrue();
        assertThat(store.request(org, app, t0.plusSeconds(180)).status()).isEqualTo(ApplicationApproval.Status.APPROVED);
        ApplicationApproval found = store.find(org, app).orElseThrow();
        assertThat(found.decidedAt()).contains(t0.plusSeconds(120));
        assertThat(store.list(org)).extracting(ApplicationApproval::clientId).containsExactly(app);
    }

    @Test
    default void approvalDecisionWithoutRequestAndOnMissingRows() {
        ApplicationApprovalStore store = new JdbcApplicationApprovalStore(jdbi());
        String org = approvalOrg();
        String app = approvalClient();
        assertThat(store.decide(org, app, ApplicationApproval.Status.DENIED, Instant.now())).isTrue();
        assertThat(store.find(org, app).orElseThrow().status()).isEqualTo(ApplicationApproval.Status.DENIED);
        assertThat(store.decide(org, "no-such-client", ApplicationApproval.Status.APPROVED, Instant.now())).isFalse();
        assertThat(store.decide("org_missing", app, ApplicationApproval.Status.APPROVED, Instant.now())).isFalse();
        // a request for something that does not exist records nothing
        store.request("org_missing", app, Instant.now());
        assertThat(store.find("org_missing", app)).isEmpty();
    }

    @Test
    default void approvalsGoWithTheirApplication() {
        ApplicationApprovalStore store = new JdbcApplicationApprovalStore(jdbi());
        String org = approvalOrg();
        String app = approvalClient();
        store.request(org, app, Instant.now());
        new JdbcClientStore(jdbi(), Clock.systemUTC()).delete(app);
        assertThat(store.find(org, app)).isEmpty();
    }
}
