package dev.atrium.storage;

import dev.atrium.onboarding.ApplicationApproval;
import dev.atrium.onboarding.ApplicationApprovalStore;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link ApplicationApprovalStore} over {@code organization_application_approvals} (V105). */
public final class JdbcApplicationApprovalStore implements ApplicationApprovalStore {
    private final Jdbi jdbi;

    public JdbcApplicationApprovalStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<ApplicationApproval> find(String organizationId, String clientId) {
        return jdbi.withHandle(h -> h.createQuery("select * from organization_application_approvals "
                        + "where organization_id = :o and client_id = :c")
                .bind("o", organizationId).bind("c", clientId).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public ApplicationApproval request(String organizationId, String clientId, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<ApplicationApproval> existing = h.createQuery("select * from organization_application_approvals "
                            + "where organization_id = :o and client_id = :c")
                    .bind("o", organizationId).bind("c", clientId).map((rs, ctx) -> map(rs)).findOne();
            if (existing.isPresent()) {
                return existing.get();
            }
            // inserted only while absent, so a concurrent request leaves one row (the portable form of an upsert)
            h.createUpdate("insert into organization_application_approvals (organization_id, client_id, status, requested_at) "
                            + "select o.id, c.client_id, 'pending', :now from organizations o, clients c where o.id = :o "
                            + "and c.client_id = :c and not exists (select 1 from organization_application_approvals a "
                            + "where a.organization_id = :o and a.client_id = :c)")
                    .bind("o", organizationId).bind("c", clientId).bind("now", SqlTime.of(now)).execute();
            return new ApplicationApproval(organizationId, clientId, ApplicationApproval.Status.PENDING, now, Optional.empty());
        });
    }

    @Override
    public boolean decide(String organizationId, String clientId, ApplicationApproval.Status status, Instant now) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("update organization_application_approvals set status = :s, decided_at = :now "
                            + "where organization_id = :o and client_id = :c")
                    .bind("s", status.wire()).bind("now", SqlTime.of(now)).bind("o", organizationId).bind("c", clientId).execute();
            if (n > 0) {
                return true;
            }
            boolean both = h.createQuery("select count(*) from organizations o, clients c where o.id = :o and c.client_id = :c")
                    .bind("o", organizationId).bind("c", clientId).mapTo(Long.class).one() > 0;
            if (!both) {
                return false;
            }
            h.createUpdate("insert into organization_application_approvals (organization_id, client_id, status, requested_at, decided_at) "
                            + "values (:o, :c, :s, :now, :now)")
                    .bind("o", organizationId).bind("c", clientId).bind("s", status.wire()).bind("now", SqlTime.of(now)).execute();
            return true;
        });
    }

    @Override
    public List<ApplicationApproval> list(String organizationId) {
        return jdbi.withHandle(h -> h.createQuery("select * from organization_application_approvals where organization_id = :o "
                        + "order by requested_at, client_id")
                .bind("o", organizationId).map((rs, ctx) -> map(rs)).list());
    }

    private static ApplicationApproval map(ResultSet rs) throws SQLException {
        return new ApplicationApproval(rs.getString("organization_id"), rs.getString("client_id"),
                ApplicationApproval.Status.parse(rs.getString("status")).orElseThrow(),
                SqlTime.get(rs, "requested_at"), SqlTime.opt(rs, "decided_at"));
    }
}
