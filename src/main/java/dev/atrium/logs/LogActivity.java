package dev.atrium.logs;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Activity per day over the last 30 days (UTC), for the dashboard's charts: sign-ins, sign-ups,
 * failed sign-ins and tokens issued, for the tenant or one organization. One grouped query.
 */
public final class LogActivity {
    public static final int DAYS = 30;

    private final LogStore store;
    private final Clock clock;

    public LogActivity(LogStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The days, oldest first, and per series one count per day. */
    public record Daily(List<LocalDate> days, Map<String, long[]> series) {
    }

    public Daily last30Days(Optional<String> organizationId) {
        LocalDate today = clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
        List<LocalDate> days = new ArrayList<>();
        for (int i = DAYS - 1; i >= 0; i--) {
            days.add(today.minusDays(i));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("Sign-ins", LogTypes.SIGN_INS);
        groups.put("Sign-ups", LogTypes.SIGN_UPS);
        groups.put("Failed sign-ins", LogTypes.FAILED_SIGN_INS);
        groups.put("Tokens issued", LogTypes.TOKENS);
        List<String> types = groups.values().stream().flatMap(List::stream).toList();
        var counts = store.countsPerDay(days.get(0).atStartOfDay().toInstant(ZoneOffset.UTC), types, organizationId);
        Map<String, long[]> series = new LinkedHashMap<>();
        groups.forEach((name, ts) -> {
            long[] v = new long[DAYS];
            for (int d = 0; d < DAYS; d++) {
                Map<String, Long> day = counts.get(days.get(d));
                if (day != null) {
                    for (String t : ts) {
                        v[d] += day.getOrDefault(t, 0L);
                    }
                }
            }
            series.put(name, v);
        });
        return new Daily(List.copyOf(days), series);
    }
}
