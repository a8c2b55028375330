package dev.atrium.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak scenario's mixed load (issue 15, goal 3): each client repeats a cycle of twenty operations,
 * ten client-credentials tokens, one complete sign-in (with {@code offline_access}), four refresh-token
 * rotations of its own refresh token, three Management API reads (clients, a user search, one user) and
 * two Management API writes (a client's description, a new role). It reports the mix it ran and the
 * server's resident memory at the end.
 */
final class Soak {
    private static final int CYCLE = 20;
    private final Benchmark bench;
    private final Benchmark.Tenant t;
    private final ThreadLocal<int[]> step = ThreadLocal.withInitial(() -> new int[1]);
    private final ThreadLocal<String> refreshToken = new ThreadLocal<>();
    private final LongAdder tokens = new LongAdder();
    private final LongAdder signIns = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final AtomicLong names = new AtomicLong();

    Soak(Benchmark bench, Benchmark.Tenant t) {
        this.bench = bench;
        this.t = t;
    }

    /** One operation of this client's cycle. */
    void next() {
        int i = step.get()[0]++ % CYCLE;
        if (i < 10) {
            bench.clientCredentials(t);
            tokens.increment();
        } else if (i == 10 || refreshToken.get() == null) {
            refreshToken.set(bench.signIn(t, true));
            signIns.increment();
        } else if (i < 15) {
            try {
                refreshToken.set(bench.refresh(t, refreshToken.get()));
                refreshes.increment();
            } catch (RuntimeException e) {
                refreshToken.remove();
                throw e;
            }
        } else if (i == 15) {
            bench.mgmt(t.mgmtToken(), "GET", "/clients?per_page=50", null);
            reads.increment();
        } else if (i == 16) {
            bench.mgmt(t.mgmtToken(), "GET", "/users?q=" + Benchmark.enc("email:\"" + t.email() + "\"") + "&search_engine=v3", null);
            reads.increment();
        } else if (i == 17) {
            bench.mgmt(t.mgmtToken(), "GET", "/clients/" + t.webId(), null);
            reads.increment();
        } else if (i == 18) {
            bench.mgmt(t.mgmtToken(), "PATCH", "/clients/" + t.webId(), "{\"description\":\"soak " + names.incrementAndGet() + "\"}");
            writes.increment();
        } else {
            bench.mgmt(t.mgmtToken(), "POST", "/roles", "{\"name\":\"soak-role-" + names.incrementAndGet() + "\"}");
            writes.increment();
        }
    }

    String summary(Benchmark.Result r, int seconds, ServerProcess server) {
        return String.format(Locale.ROOT,
                "soak: %d s mixed load, %.0f ops/s (%d tokens, %d sign-ins, %d refreshes, %d Management API reads, %d writes), "
                        + "%d failed%s, server CPU %.0f ms; RSS after %.0f MiB (peak %.0f MiB)",
                seconds, r.perSecond(seconds), tokens.sum(), signIns.sum(), refreshes.sum(), reads.sum(), writes.sum(),
                r.failures(), r.failures() == 0 ? "" : " (first: " + r.firstFailure() + ")", r.serverCpuMillis(),
                server.memoryMiB("VmRSS"), server.memoryMiB("VmHWM"));
    }
}
