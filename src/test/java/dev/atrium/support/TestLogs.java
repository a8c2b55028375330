package dev.atrium.support;

import tools.jackson.databind.JsonNode;

import java.util.function.Predicate;

/** Reading the tenant log over the Management API in tests; the log is written asynchronously, so reads wait. */
public final class TestLogs {
    private TestLogs() {
    }

    /** The first event of {@code GET /api/v2/logs?q=…} that passes {@code test}, waiting up to ten seconds; fails without one. */
    public static JsonNode await(TestAtrium server, String q, Predicate<JsonNode> test) {
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            TestAtrium.Response r = server.mgmt("GET", "/logs?per_page=100&q=" + TestAtrium.enc(q), null);
            if (r.status() != 200) {
                throw new AssertionError("log query " + q + ": " + r);
            }
            for (JsonNode e : r.json()) {
                if (test.test(e)) {
                    return e;
                }
            }
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("no event for " + q + " in " + r.json());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every event of {@code q} now in the log (one page of at most 100), after waiting for the writer to catch up. */
    public static JsonNode all(TestAtrium server, String q) {
        try {
            Thread.sleep(600);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return server.mgmt("GET", "/logs?per_page=100&q=" + TestAtrium.enc(q), null).json();
    }
}
