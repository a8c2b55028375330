package dev.atrium.storage;

import dev.atrium.common.Json;
import dev.atrium.migration.Job;
import dev.atrium.migration.JobStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link JobStore} contract (issue 16), run against every database that implements it: a job
 * reads back whole, progress and status move, unfinished jobs are found for a restart, and errors
 * list in file order. Each test makes its own jobs.
 */
public interface JobStoreContract {
    Jdbi jdbi();

    default JobStore jobStore() {
        return new JdbcJobStore(jdbi(), Clock.systemUTC());
    }

    private static Job job(String status) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new Job("job_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16), Job.IMPORT, status,
                Optional.of("con_x"), Json.object().put("upsert", true), Optional.of("/data/jobs/x.json"), 1000, 0, 0, 0, 0, 0,
                Optional.empty(), now, now);
    }

    @Test
    default void aJobReadsBackWholeAndItsProgressAndStatusMove() {
        JobStore store = jobStore();
        Job j = job(Job.PENDING);
        store.create(j);
        assertThat(store.find(j.id())).get().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Job.IMPORT);
            assertThat(f.connectionId()).contains("con_x");
            assertThat(f.doc()).isEqualTo(j.doc());
            assertThat(f.totalBytes()).isEqualTo(1000);
            assertThat(f.createdAt()).isEqualTo(j.createdAt());
        });
        store.progress(j.id(), 500, 10, 7, 2, 1);
        assertThat(store.setStatus(j.id(), Job.FAILED, Optional.of("disk full"))).isTrue();
        Job f = store.find(j.id()).orElseThrow();
        assertThat(f.readBytes()).isEqualTo(500);
        assertThat(f.processed()).isEqualTo(10);
        assertThat(f.inserted()).isEqualTo(7);
        assertThat(f.updated()).isEqualTo(2);
        assertThat(f.failed()).isEqualTo(1);
        assertThat(f.status()).isEqualTo(Job.FAILED);
        assertThat(f.error()).contains("disk full");
        assertThat(store.setStatus("job_missing" + UUID.randomUUID(), Job.FAILED, Optional.empty())).isFalse();
    }

    @Test
    default void unfinishedJobsAreThosePendingOrProcessing() {
        JobStore store = jobStore();
        Job pending = job(Job.PENDING);
        Job processing = job(Job.PROCESSING);
        Job completed = job(Job.COMPLETED);
        store.create(pending);
        store.create(processing);
        store.create(completed);
        assertThat(store.unfinished()).extracting(Job::id).contains(pending.id(), processing.id()).doesNotContain(completed.id());
    }

    @Test
    default void errorsListInFileOrder() {
        JobStore store = jobStore();
        Job j = job(Job.PROCESSING);
        store.create(j);
        store.addError(j.id(), 7, Json.object().put("email", "b@example.com"), "[{\"code\":\"B\"}]");
        store.addError(j.id(), 2, Json.object().put("email", "a@example.com"), "[{\"code\":\"A\"}]");
        assertThat(store.errors(j.id(), 10)).extracting(e -> e.at("/user/email").asString())
                .containsExactly("a@example.com", "b@example.com");
        assertThat(store.errors(j.id(), 1)).singleElement().satisfies(e -> assertThat(e.at("/errors/0/code").asString()).isEqualTo("A"));
    }
}
