package dev.atrium.email;

import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcOutboxStore;
import dev.atrium.support.TestAtrium;
import dev.atrium.support.TestClock;
import dev.atrium.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, "kill the SMTP server mid-run": the request that queues a message does not wait for or
 * fail with the mail server; while the server is down the message stays in the outbox with its
 * error and a later due time; once the server is back the message arrives, once, and never again.
 */
class OutboxDeliveryTest {
    static final TestMail mail = TestMail.start();
    static final TestClock clock = new TestClock();
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withEmail(Optional.of(mail.url()), Optional.of("ops@atrium.example")), clock);
    static EmailFixture f;
    static Database db;

    @BeforeAll
    static void tenant() {
        f = new EmailFixture(atrium);
        db = new Database(atrium.server().config().databaseUrl(), "", "");
    }

    @AfterAll
    static void close() {
        mail.close();
        db.close();
    }

    static OutboxMessage only(String to) {
        List<OutboxMessage> rows = new JdbcOutboxStore(db.jdbi()).to(to, 10);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    static OutboxMessage awaitRow(String to, java.util.function.Predicate<OutboxMessage> p) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            List<OutboxMessage> rows = new JdbcOutboxStore(db.jdbi()).to(to, 10);
            if (!rows.isEmpty() && p.test(rows.get(0))) {
                return rows.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("outbox row to " + to + " never reached the state; now " + new JdbcOutboxStore(db.jdbi()).to(to, 10));
    }

    @Test
    void aMessageQueuedWhileTheMailServerIsDownIsSentOnceWhenItIsBackAndNeverTwice() throws Exception {
        String email = "outage-" + Long.toString(System.nanoTime(), 36) + "@example.com";
        f.user(email);
        mail.down();
        try {
            long started = System.nanoTime();
            assertThat(f.changePassword(email).status()).as("the request does not depend on the mail server").isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            OutboxMessage failed = awaitRow(email, m -> m.attempts() >= 1 && m.lastError().isPresent());
            assertThat(failed.status()).isEqualTo(OutboxMessage.PENDING);
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.nextAttemptAt()).isAfter(clock.instant());
            Thread.sleep(2500);
            assertThat(only(email).attempts()).as("no retry before the back-off has passed").isEqualTo(1);
        } finally {
            mail.up();
        }
        // the server is back; nothing happens until the row is due again, then it is sent
        assertThat(mail.after(email, Duration.ofMillis(1500))).isEmpty();
        clock.advance(Outbox.backoff(1).plusSeconds(1));
        TestMail.Mail m = mail.await(email);
        assertThat(m.subject()).isEqualTo("Reset your Umbrella App password");
        OutboxMessage sent = awaitRow(email, x -> x.status().equals(OutboxMessage.SENT));
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(sent.sentAt()).isPresent();

        // long after, on every worker tick, still one message
        clock.advance(Duration.ofHours(2));
        assertThat(mail.after(email, Duration.ofSeconds(3))).hasSize(1);
        assertThat(only(email).status()).isEqualTo(OutboxMessage.SENT);
        // the link from the late message works
        assertThat(new dev.atrium.support.TestBrowser(atrium.baseUrl()).get(f.local(m.link())).screen()).isEqualTo("reset-password");
    }

    /** Settled: sent, or back to pending after a failed attempt and not due yet (no send in flight). */
    static boolean settled(OutboxMessage m) {
        return m.status().equals(OutboxMessage.SENT) || (m.status().equals(OutboxMessage.PENDING) && m.attempts() >= 1
                && m.lastError().isPresent() && m.nextAttemptAt().isAfter(clock.instant()));
    }

    @Test
    void theSmtpServerKilledWhileMessagesAreQueuedDeliversEachOnceWhenItIsBackAndNeverTwice() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        List<String> beforeKill = new java.util.ArrayList<>();
        List<String> whileDown = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            beforeKill.add("kill-" + run + "-a" + i + "@example.com");
        }
        for (int i = 0; i < 3; i++) {
            whileDown.add("kill-" + run + "-b" + i + "@example.com");
        }
        List<String> everyone = new java.util.ArrayList<>(beforeKill);
        everyone.addAll(whileDown);
        everyone.forEach(f::user);

        // six messages queued back to back while the worker drains them, and the server killed at once:
        // some are delivered, some are cut off or refused, whichever the timing gives
        for (String email : beforeKill) {
            assertThat(f.changePassword(email).status()).isEqualTo(200);
        }
        mail.down();
        try {
            // three more queued while it is down
            for (String email : whileDown) {
                assertThat(f.changePassword(email).status()).isEqualTo(200);
            }
            for (String email : everyone) {
                awaitRow(email, OutboxDeliveryTest::settled);
            }
            for (String email : whileDown) {
                assertThat(only(email).status()).as("nothing is sent while the server is down").isEqualTo(OutboxMessage.PENDING);
            }
        } finally {
            mail.up(); // the same port
        }
        long sentBefore = everyone.stream().filter(e -> only(e).status().equals(OutboxMessage.SENT)).count();
        clock.advance(Outbox.backoff(1).plusSeconds(1));
        for (String email : everyone) {
            mail.await(email);
            awaitRow(email, m -> m.status().equals(OutboxMessage.SENT));
        }

        // long after, on every worker tick: each address holds exactly one message, over both lives of the server
        clock.advance(Duration.ofHours(2));
        Thread.sleep(3000);
        for (String email : everyone) {
            assertThat(mail.to(email)).as("messages to " + email).hasSize(1);
            assertThat(only(email).status()).isEqualTo(OutboxMessage.SENT);
        }
        assertThat(mail.all().stream().filter(m -> m.to().contains("-" + run + "-")).map(TestMail.Mail::messageId).distinct())
                .hasSize(everyone.size());
        for (String email : whileDown) {
            assertThat(only(email).attempts()).as("tried while down, sent once back").isEqualTo(2);
        }
        assertThat(sentBefore).as("the kill came after the run had started and before it had finished")
                .isLessThan(everyone.size());
    }

    @Test
    void backOffGrowsAndIsCapped() {
        assertThat(Outbox.backoff(1)).isEqualTo(Outbox.BASE_BACKOFF);
        assertThat(Outbox.backoff(2)).isEqualTo(Outbox.BASE_BACKOFF.multipliedBy(2));
        assertThat(Outbox.backoff(3)).isEqualTo(Outbox.BASE_BACKOFF.multipliedBy(4));
        assertThat(Outbox.backoff(40)).isEqualTo(Outbox.MAX_BACKOFF);
        assertThat(Outbox.LEASE).isGreaterThan(Duration.ofMillis(SmtpTransport.CONNECT_TIMEOUT_MS + 2L * SmtpTransport.IO_TIMEOUT_MS));
    }

    @Test
    void aMessageTheServerKeepsRefusingIsFinallyMarkedFailed() throws Exception {
        String email = "refused-" + Long.toString(System.nanoTime(), 36) + "@example.com";
        f.user(email);
        mail.down();
        try {
            assertThat(f.changePassword(email).status()).isEqualTo(200);
            for (int attempt = 1; attempt < Outbox.MAX_ATTEMPTS; attempt++) {
                int n = attempt;
                awaitRow(email, m -> m.attempts() >= n && m.lastError().isPresent() && m.nextAttemptAt().isAfter(clock.instant()));
                clock.advance(Outbox.backoff(attempt).plusSeconds(1));
            }
            OutboxMessage gaveUp = awaitRow(email, m -> m.status().equals(OutboxMessage.FAILED));
            assertThat(gaveUp.attempts()).isEqualTo(Outbox.MAX_ATTEMPTS);
            assertThat(gaveUp.lastError()).isPresent();
        } finally {
            mail.up();
        }
        clock.advance(Duration.ofHours(5));
        assertThat(mail.after(email, Duration.ofSeconds(2))).as("a failed message stays failed").isEmpty();
    }
}
