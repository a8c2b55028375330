package dev.atrium.storage;

import dev.atrium.organizations.TokenQuotaStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TokenQuotaStore} over {@code token_quota_counts}. A count is an {@code update ... set
 * tokens = tokens + 1} (guarded by {@code tokens < max} when the limit is enforced), which locks the
 * row until commit on H2 and PostgreSQL alike; the first token of a window inserts the row, and two
 * nodes inserting it at once end with one unique violation, answered by running the transaction again.
 */
public final class JdbcTokenQuotaStore implements TokenQuotaStore {
    private static final int ATTEMPTS = 5;
    private final Jdbi jdbi;

    public JdbcTokenQuotaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Thrown inside the transaction to roll back every count taken before an enforced limit was found full. */
    private static final class Full extends RuntimeException {
        Full() {
            super(null, null, false, false);
        }
    }

    @Override
    public Outcome take(List<Limit> limits) {
        if (limits.isEmpty()) {
            return new Outcome(true, List.of());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return new Outcome(true, jdbi.inTransaction(h -> {
                    for (Limit l : limits) {
                        count(h, l);
                    }
                    return read(h, limits);
                }));
            } catch (Full full) {
                return new Outcome(false, jdbi.withHandle(h -> read(h, limits)));
            } catch (UnableToExecuteStatementException e) {
                if (!uniqueViolation(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void count(Handle h, Limit l) {
        int updated = h.createUpdate("update token_quota_counts set tokens = tokens + 1 where subject = :s and bucket = :b "
                        + "and window_start = :w" + (l.enforce() ? " and tokens < :max" : ""))
                .bind("s", l.subject()).bind("b", l.bucket()).bind("w", l.window()).bind("max", l.max()).execute();
        if (updated == 1) {
            return;
        }
        boolean exists = h.createQuery("select count(*) from token_quota_counts where subject = :s and bucket = :b and window_start = :w")
                .bind("s", l.subject()).bind("b", l.bucket()).bind("w", l.window()).mapTo(Long.class).one() > 0;
        if (exists) {
            // only an enforced limit can leave an existing row untouched: it is full
            throw new Full();
        }
        if (l.enforce() && l.max() < 1) {
            throw new Full();
        }
        h.createUpdate("delete from token_quota_counts where subject = :s and bucket = :b and window_start < :w")
                .bind("s", l.subject()).bind("b", l.bucket()).bind("w", l.window()).execute();
        h.createUpdate("insert into token_quota_counts (subject, bucket, window_start, tokens) values (:s, :b, :w, 1)")
                .bind("s", l.subject()).bind("b", l.bucket()).bind("w", l.window()).execute();
    }

    private static List<Long> read(Handle h, List<Limit> limits) {
        List<Long> counts = new ArrayList<>();
        for (Limit l : limits) {
            counts.add(h.createQuery("select tokens from token_quota_counts where subject = :s and bucket = :b and window_start = :w")
                    .bind("s", l.subject()).bind("b", l.bucket()).bind("w", l.window()).mapTo(Long.class).findOne().orElse(0L));
        }
        return counts;
    }

    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
