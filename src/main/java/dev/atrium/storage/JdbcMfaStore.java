package dev.atrium.storage;

import dev.atrium.mfa.MfaEnrollment;
import dev.atrium.mfa.MfaStore;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link MfaStore} over {@code mfa_enrollments}; the time step is taken with a compare-and-set update. */
public final class JdbcMfaStore implements MfaStore {
    private final Jdbi jdbi;

    public JdbcMfaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(MfaEnrollment e) {
        jdbi.useHandle(h -> h.createUpdate("insert into mfa_enrollments (id, user_id, type, secret, confirmed, last_step, created_at) "
                        + "values (:id, :u, :t, :s, :c, :l, :at)")
                .bind("id", e.id()).bind("u", e.userId()).bind("t", e.type()).bind("s", e.secret())
                .bind("c", e.confirmed()).bind("l", e.lastStep()).bind("at", SqlTime.of(e.createdAt())).execute());
    }

    @Override
    public List<MfaEnrollment> list(String userId) {
        return jdbi.withHandle(h -> h.createQuery("select * from mfa_enrollments where user_id = :u order by created_at, id")
                .bind("u", userId).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public Optional<MfaEnrollment> find(String userId, String id) {
        return jdbi.withHandle(h -> h.createQuery("select * from mfa_enrollments where user_id = :u and id = :id")
                .bind("u", userId).bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public boolean useStep(String id, long expected, long step) {
        return jdbi.withHandle(h -> h.createUpdate("update mfa_enrollments set last_step = :s, confirmed = true "
                        + "where id = :id and last_step = :e")
                .bind("s", step).bind("id", id).bind("e", expected).execute()) == 1;
    }

    @Override
    public void deleteUnconfirmed(String userId) {
        jdbi.useHandle(h -> h.createUpdate("delete from mfa_enrollments where user_id = :u and confirmed = false")
                .bind("u", userId).execute());
    }

    @Override
    public boolean delete(String userId, String id) {
        return jdbi.withHandle(h -> h.createUpdate("delete from mfa_enrollments where user_id = :u and id = :id")
                .bind("u", userId).bind("id", id).execute()) == 1;
    }

    @Override
    public void deleteAll(String userId) {
        jdbi.useHandle(h -> h.createUpdate("delete from mfa_enrollments where user_id = :u").bind("u", userId).execute());
    }

    @Override
    public void recordSession(String sid, String userId, List<String> methods, java.time.Instant at) {
        jdbi.useHandle(h -> h.createUpdate("insert into mfa_session_methods (sid, user_id, methods, created_at) values (:s, :u, :m, :at)")
                .bind("s", sid).bind("u", userId).bind("m", String.join(" ", methods)).bind("at", SqlTime.of(at)).execute());
    }

    @Override
    public List<String> sessionMethods(String sid) {
        return jdbi.withHandle(h -> h.createQuery("select methods from mfa_session_methods where sid = :s")
                .bind("s", sid).mapTo(String.class).findOne())
                .map(m -> List.of(m.split(" "))).orElse(List.of());
    }

    @Override
    public void rememberBrowser(String tokenHash, String userId, java.time.Instant expiresAt, java.time.Instant at) {
        jdbi.useHandle(h -> h.createUpdate("insert into mfa_remembered_browsers (token_hash, user_id, expires_at, created_at) "
                        + "values (:t, :u, :e, :at)")
                .bind("t", tokenHash).bind("u", userId).bind("e", SqlTime.of(expiresAt)).bind("at", SqlTime.of(at)).execute());
    }

    @Override
    public boolean browserRemembered(String tokenHash, String userId, java.time.Instant now) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from mfa_remembered_browsers "
                        + "where token_hash = :t and user_id = :u and expires_at > :now")
                .bind("t", tokenHash).bind("u", userId).bind("now", SqlTime.of(now)).mapTo(Long.class).one()) > 0;
    }

    @Override
    public int forgetBrowsers(String userId) {
        return jdbi.withHandle(h -> h.createUpdate("delete from mfa_remembered_browsers where user_id = :u").bind("u", userId).execute());
    }

    private static MfaEnrollment map(ResultSet rs) throws SQLException {
        return new MfaEnrollment(rs.getString("id"), rs.getString("user_id"), rs.getString("type"), rs.getString("secret"),
                rs.getBoolean("confirmed"), rs.getLong("last_step"), SqlTime.get(rs, "created_at"));
    }
}
