package dev.atrium.storage;

import dev.atrium.authflow.LoginFailureStore;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link LoginFailureStore} over {@code login_failures}, written with {@code MERGE}. */
public final class JdbcLoginFailureStore implements LoginFailureStore {
    private final Jdbi jdbi;

    public JdbcLoginFailureStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Failures> find(String userKey, String ip) {
        return jdbi.withHandle(h -> h.createQuery("select * from login_failures where user_key = :k and ip = :ip")
                .bind("k", key(userKey)).bind("ip", ip).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public int recordFailure(String userKey, String ip, Instant now, boolean block) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("merge into login_failures f using (select cast(:k as varchar(400)) as user_key, "
                            + "cast(:ip as varchar(64)) as ip) s on f.user_key = s.user_key and f.ip = s.ip "
                            + "when matched then update set failures = f.failures + 1, last_failure = :now "
                            + "when not matched then insert (user_key, ip, failures, last_failure) values (s.user_key, s.ip, 1, :now)")
                    .bind("k", key(userKey)).bind("ip", ip).bind("now", SqlTime.of(now)).execute();
            if (block) {
                h.createUpdate("update login_failures set blocked_at = :now where user_key = :k and ip = :ip and blocked_at is null")
                        .bind("k", key(userKey)).bind("ip", ip).bind("now", SqlTime.of(now)).execute();
            }
            return h.createQuery("select failures from login_failures where user_key = :k and ip = :ip")
                    .bind("k", key(userKey)).bind("ip", ip).mapTo(Integer.class).one();
        });
    }

    @Override
    public void reset(String userKey, String ip) {
        jdbi.useHandle(h -> h.createUpdate("delete from login_failures where user_key = :k and ip = :ip")
                .bind("k", key(userKey)).bind("ip", ip).execute());
    }

    @Override
    public List<Failures> blocked(List<String> userKeys) {
        if (userKeys.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("select * from login_failures where user_key in (<keys>) "
                        + "and blocked_at is not null order by user_key, ip")
                .bindList("keys", userKeys.stream().map(JdbcLoginFailureStore::key).toList()).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public int unblock(List<String> userKeys) {
        if (userKeys.isEmpty()) {
            return 0;
        }
        return jdbi.inTransaction(h -> h.createUpdate("delete from login_failures where user_key in (<keys>)")
                .bindList("keys", userKeys.stream().map(JdbcLoginFailureStore::key).toList()).execute());
    }

    private static Failures map(ResultSet rs) throws SQLException {
        return new Failures(rs.getString("user_key"), rs.getString("ip"), rs.getInt("failures"),
                SqlTime.get(rs, "last_failure"), SqlTime.opt(rs, "blocked_at"));
    }

    /**
     * The stored form of a user key: the column holds 400 characters, so a longer key (an attacker's
     * 300 kB "username") is stored as its SHA-256, keeping one row per distinct key instead of a
     * silently truncated one that the next read cannot find.
     */
    static String key(String userKey) {
        if (userKey.length() <= 400) {
            return userKey;
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(userKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
