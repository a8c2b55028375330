package dev.atrium.storage;

import dev.atrium.users.Administrator;
import dev.atrium.users.AdministratorStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link AdministratorStore} over {@code administrators} (V50), whose rows go with their user (cascade). */
public final class JdbcAdministratorStore implements AdministratorStore {
    private final Jdbi jdbi;

    public JdbcAdministratorStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Administrator> find(String userId) {
        return jdbi.withHandle(h -> h.createQuery("select * from administrators where user_id = :u").bind("u", userId)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<Administrator> list() {
        return jdbi.withHandle(h -> h.createQuery("select * from administrators order by granted_at, user_id")
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public boolean grant(Administrator a) {
        try {
            // only for an existing user, and only once: the first grant's author and time are kept
            return jdbi.withHandle(h -> h.createUpdate("insert into administrators (user_id, granted_by, granted_at) "
                            + "select user_id, :by, :at from users where user_id = :u "
                            + "and not exists (select 1 from administrators where user_id = :u)")
                    .bind("u", a.userId()).bind("by", a.grantedBy()).bind("at", SqlTime.of(a.grantedAt())).execute() == 1);
        } catch (UnableToExecuteStatementException e) {
            // a concurrent grant of the same user won the primary key
            if (find(a.userId()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean revoke(String userId) {
        return jdbi.withHandle(h -> h.createUpdate("delete from administrators where user_id = :u").bind("u", userId).execute() == 1);
    }

    private static Administrator map(ResultSet rs) throws SQLException {
        return new Administrator(rs.getString("user_id"), rs.getString("granted_by"), SqlTime.get(rs, "granted_at"));
    }
}
