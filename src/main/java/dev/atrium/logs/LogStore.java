package dev.atrium.logs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where log events are kept. Implemented in {@code storage}; its contract test is {@code LogStoreContract}. */
public interface LogStore {
    /** Writes a batch in one transaction. */
    void insert(List<LogEvent> events);

    Optional<LogEvent> find(String logId);

    /** Events matching {@code query}, in its order, after skipping {@code offset}, at most {@code limit}. */
    List<LogEvent> search(LogQuery query, int offset, int limit);

    long count(LogQuery query);

    /**
     * Checkpoint paging: events matching {@code query} with ids after {@code from} (before it when
     * {@code take} is negative), at most {@code |take|}, in id order (descending when {@code take} is negative).
     */
    List<LogEvent> checkpoint(LogQuery query, Optional<String> from, int take);

    /** Deletes at most {@code limit} events dated before {@code cutoff}; the number deleted. */
    int purgeBefore(Instant cutoff, int limit);

    /** Events stored after insertion sequence {@code afterSeq}, stored no later than {@code storedBy}, oldest first. */
    List<Sequenced> after(long afterSeq, Instant storedBy, int limit);

    /** The highest insertion sequence so far (0 when empty): where a new stream starts. */
    long lastSeq();

    /** Per day from {@code since} (UTC), the number of events of each of {@code types}; optionally of one organization. */
    Map<LocalDate, Map<String, Long>> countsPerDay(Instant since, List<String> types, Optional<String> organizationId);

    /** An event with its insertion sequence (the stream cursor). */
    record Sequenced(long seq, LogEvent event) {
    }
}
