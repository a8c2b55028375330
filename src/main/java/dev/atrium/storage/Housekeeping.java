package dev.atrium.storage;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes rows that can no longer be used, so the tables of the sign-in path do not grow with every sign-in
 * for the life of the tenant: authorization transactions past their expiry (finished ones are deleted by the
 * flow itself), authorization codes and account tickets (e-mail links) a day past theirs, browser sessions past
 * their absolute or idle expiry or a day after their sign-out, remembered MFA browsers past theirs, refresh-token
 * families none of whose tokens can be used any more, invitations thirty days after they expired (O81: until
 * then the Management API lists them, as expired), a user's failed sign-ins from an address that did not block
 * them, thirty days after the last, and the second-factor methods of an SSO session once neither the session nor
 * any refresh token of it is left (a day after they were recorded at the earliest).
 *
 * <p>Nothing here changes what a request is answered: every row deleted is one the flows already refuse (an
 * expired code, a session past its expiry, a rotated token of a family with no live token). The day's grace
 * keeps spent codes and used links a little longer than their lifetime, so a replay soon after expiry still
 * meets the row. Deletes go in batches of {@link #BATCH} rows by primary key, one statement each, so a
 * large backlog (the first run after an upgrade) never holds a long transaction. Every node may run it: two
 * nodes deleting the same rows delete each once.
 */
public final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    /** How often the scheduled run happens. */
    public static final Duration EVERY = Duration.ofHours(1);
    /** The first run: well after start-up, so it never competes with the first requests. */
    public static final Duration FIRST = Duration.ofMinutes(5);
    /** How long spent codes and account tickets are kept past their expiry. */
    public static final Duration GRACE = Duration.ofDays(1);
    /**
     * How long a user's failed sign-ins from one address are counted after the last one, unless they blocked the pair:
     * without it, attempts with made-up usernames would leave a row each for ever.
     */
    public static final Duration FAILURES_KEPT = Duration.ofDays(30);
    /** How long an expired invitation is still listed before it is deleted (O81). */
    public static final Duration INVITATION_GRACE = Duration.ofDays(30);
    static final int BATCH = 500;
    /** At most this many batches per kind and run (100,000 rows); the rest waits for the next run. */
    static final int ROUNDS = 200;

    /**
     * One kind of row: its table (also the name {@link #run()} reports it by), primary key (one column or several) and
     * the condition that it can go (binding {@code :now}, {@code :grace}, {@code :invitations}, {@code :failures}).
     */
    private record Kind(String table, String key, String dead) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("auth_transactions", "id", "expires_at <= :now"),
            new Kind("authorization_codes", "code_hash", "expires_at < :grace"),
            // a signed-out session is only marked: no cookie is accepted for it, and a day after its last use it goes
            new Kind("sessions", "id_hash",
                    "expires_at <= :now or idle_expires_at <= :now or (revoked = true and last_active_at < :grace)"),
            new Kind("account_tickets", "token_hash", "expires_at < :grace"),
            new Kind("mfa_remembered_browsers", "token_hash", "expires_at <= :now"),
            new Kind("organization_invitations", "id", "expires_at < :invitations"),
            // failed sign-ins of a user from an address, not blocked, none for thirty days; blocked pairs stay blocked
            new Kind("login_failures", "user_key, ip", "blocked_at is null and last_failure < :failures"));

    /**
     * The methods a session's sign-in passed (its {@code amr}) serve the session's later sign-ins and every token
     * refreshed from it, so they stay while the session or one of its refresh tokens does. A refresh token names its
     * session only in its document; it is looked for among the user's tokens (their index), by the session's id.
     * Run after the sessions and the refresh-token families, so both are already gone in the same pass.
     */
    private static final Kind SESSION_METHODS = new Kind("mfa_session_methods", "sid", "created_at < :grace"
            + " and not exists (select 1 from sessions s where s.sid = mfa_session_methods.sid)"
            + " and not exists (select 1 from refresh_tokens r where r.user_id = mfa_session_methods.user_id"
            + " and r.doc like '%' || mfa_session_methods.sid || '%')");

    /**
     * A family is alive while one of its tokens is neither rotated, revoked nor past any of its three expiries;
     * {@code t} is the table's alias.
     */
    private static String liveToken(String t) {
        return t + ".rotated_at is null and " + t + ".revoked_at is null"
                + " and (" + t + ".expires_at is null or " + t + ".expires_at > :now)"
                + " and (" + t + ".idle_expires_at is null or " + t + ".idle_expires_at > :now)"
                + " and (" + t + ".family_expires_at is null or " + t + ".family_expires_at > :now)";
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private volatile ScheduledExecutorService timer;

    public Housekeeping(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Runs {@link #run()} every {@link #EVERY}, the first time after {@link #FIRST}, on a daemon thread; returns this. */
    public Housekeeping start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atrium-housekeeping");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runQuietly, FIRST.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException e) {
            // the database may be away (an outage): the next run tries again
            LOG.warn("housekeeping: {}", e.toString());
        }
    }

    /** One pass over every kind; how many rows of each were deleted (kinds with none are left out). */
    public Map<String, Integer> run() {
        Instant now = clock.instant();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (Kind k : KINDS) {
            count(deleted, k.table(), purge(k, now));
        }
        count(deleted, "refresh_tokens", purgeRefreshFamilies(now));
        count(deleted, SESSION_METHODS.table(), purge(SESSION_METHODS, now));
        if (!deleted.isEmpty()) {
            LOG.info("housekeeping: deleted {}", deleted);
        }
        return deleted;
    }

    private static void count(Map<String, Integer> deleted, String name, int n) {
        if (n > 0) {
            deleted.put(name, n);
        }
    }

    private int purge(Kind k, Instant now) {
        // one statement per batch: the condition is read again by the delete itself, so a row that became usable
        // meanwhile (a session touched) stays
        String delete = "delete from " + k.table() + " where (" + k.key() + ") in (select " + k.key() + " from " + k.table()
                + " where " + k.dead() + " limit " + BATCH + ")";
        int total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int n = jdbi.withHandle(h -> bind(h.createUpdate(delete), now).execute());
            total += n;
            if (n < BATCH) {
                break;
            }
        }
        return total;
    }

    /**
     * Families without a live token, whole (their rotated tokens too: once nothing of the family can be used, a
     * rotated token presented again has nothing left to revoke).
     */
    private int purgeRefreshFamilies(Instant now) {
        String select = "select r.family_id from refresh_tokens r group by r.family_id "
                + "having sum(case when " + liveToken("r") + " then 1 else 0 end) = 0 limit " + BATCH;
        int total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int[] families = new int[1];
            int n = jdbi.inTransaction(h -> {
                List<String> ids = h.createQuery(select).bind("now", SqlTime.of(now)).mapTo(String.class).list();
                families[0] = ids.size();
                if (ids.isEmpty()) {
                    return 0;
                }
                // a family that a refresh made alive again between the two statements keeps every token
                return h.createUpdate("delete from refresh_tokens where family_id in (<ids>) and not exists ("
                                + "select 1 from refresh_tokens l where l.family_id = refresh_tokens.family_id and " + liveToken("l") + ")")
                        .bindList("ids", ids).bind("now", SqlTime.of(now)).execute();
            });
            total += n;
            if (families[0] < BATCH) {
                break;
            }
        }
        return total;
    }

    private static <S extends SqlStatement<S>> S bind(S q, Instant now) {
        return q.bind("now", SqlTime.of(now)).bind("grace", SqlTime.of(now.minus(GRACE)))
                .bind("invitations", SqlTime.of(now.minus(INVITATION_GRACE))).bind("failures", SqlTime.of(now.minus(FAILURES_KEPT)));
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
