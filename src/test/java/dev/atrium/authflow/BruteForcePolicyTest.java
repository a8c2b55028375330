package dev.atrium.authflow;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The brute-force table: free attempts, then doubling waits, then a block at ten failures. */
class BruteForcePolicyTest {
    static final Instant LAST = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0} failures, {1} ms after the last, blocked={2} -> {3}")
    @CsvSource({
            // failures, ms since last failure, blocked flag, verdict, seconds to wait
            "0,    0,      false, allowed, 0",
            "2,    0,      false, allowed, 0",
            "3,    0,      false, wait,    1",
            "3,    999,    false, wait,    1",
            "3,    1000,   false, allowed, 0",
            "4,    0,      false, wait,    2",
            "4,    500,    false, wait,    2",
            "4,    2000,   false, allowed, 0",
            "5,    1000,   false, wait,    3",
            "9,    0,      false, wait,    64",
            "9,    64000,  false, allowed, 0",
            "10,   0,      false, blocked, 0",
            "10,   999999, false, blocked, 0",
            "1,    0,      true,  blocked, 0",
    })
    void verdicts(int failures, long msSince, boolean blocked, String verdict, long seconds) {
        BruteForcePolicy.Verdict v = BruteForcePolicy.check(failures, LAST, blocked, LAST.plusMillis(msSince));
        switch (verdict) {
            case "allowed" -> assertThat(v).isInstanceOf(BruteForcePolicy.Verdict.Allowed.class);
            case "blocked" -> assertThat(v).isInstanceOf(BruteForcePolicy.Verdict.Blocked.class);
            default -> assertThat(v).isEqualTo(new BruteForcePolicy.Verdict.Wait(seconds));
        }
    }
}
