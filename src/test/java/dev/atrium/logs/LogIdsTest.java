package dev.atrium.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogIdsTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "1970-01-01T00:00:00Z,       900000000000000000",
            "2026-03-01T10:00:00Z,       900001772359200000",
            "2026-03-01T10:00:00.123Z,   900001772359200123",
            "2026-03-01T10:00:00.123999Z, 900001772359200123",
    })
    void anIdStartsWithNineHundredAndTheZeroPaddedMillisecond(String at, String prefix) {
        String id = new LogIds().next(Instant.parse(at));
        assertThat(id).hasSize(56).matches("[0-9]{56}").startsWith(prefix);
        assertThat(LogIds.valid(id)).isTrue();
        // the lowest id of the same millisecond: the prefix, then zeros
        assertThat(LogIds.lowest(Instant.parse(at))).isEqualTo(prefix + "0".repeat(38));
    }

    @Test
    void idsSortByTimeThenByTheOrderTheyWereMadeAndTheLowestBoundsEachMillisecond() {
        LogIds ids = new LogIds();
        Instant t = Instant.parse("2026-03-01T10:00:00.500Z");
        List<String> made = new ArrayList<>();
        for (int ms = 0; ms < 3; ms++) {
            for (int k = 0; k < 4; k++) {
                made.add(ids.next(t.plusMillis(ms)));
            }
        }
        assertThat(made).isSorted().doesNotHaveDuplicates();
        for (int ms = 0; ms < 3; ms++) {
            String lowest = LogIds.lowest(t.plusMillis(ms));
            String next = LogIds.lowest(t.plusMillis(ms + 1));
            for (String id : made.subList(ms * 4, ms * 4 + 4)) {
                assertThat(id).isGreaterThanOrEqualTo(lowest).isLessThan(next);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"''", "90000000177235920012", "9000000017723592001200000001x00000000000000000000000000",
            "900001772359200123000000010000000000000000000000000000"})
    void onlyFiftySixDigitsAreAnId(String s) {
        assertThat(LogIds.valid(s)).isFalse();
    }
}
