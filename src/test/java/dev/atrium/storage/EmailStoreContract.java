package dev.atrium.storage;

import dev.atrium.common.Ids;
import dev.atrium.common.Json;
import dev.atrium.email.AccountTicket;
import dev.atrium.email.AccountTicketStore;
import dev.atrium.email.EmailRequestLog;
import dev.atrium.email.EmailTemplateStore;
import dev.atrium.email.OutboxMessage;
import dev.atrium.email.OutboxStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contracts of the e-mail stores (issue 13): the outbox's leased claim (one winner among nodes,
 * only the holder settles), single-use tickets, template overrides and the request log. Every key is
 * unique, so the tests share the database.
 */
public interface EmailStoreContract {
    Jdbi jdbi();

    default OutboxStore outbox() {
        return new JdbcOutboxStore(jdbi());
    }

    private static OutboxMessage message(String to, String status, Instant next) {
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new OutboxMessage("msg_" + Ids.alnum(24), to, "verify_email", "Subject " + to, "text", "<p>html</p>", status, 0,
                next.truncatedTo(ChronoUnit.MILLIS), Optional.empty(), created, Optional.empty());
    }

    @Test
    default void outboxStoresAMessageAndListsItNewestFirst() {
        String to = "contract-" + Ids.alnum(8) + "@example.com";
        OutboxMessage first = message(to, OutboxMessage.HELD, Instant.now());
        outbox().add(first);
        OutboxMessage second = new OutboxMessage("msg_" + Ids.alnum(24), to, "reset_email", "Second", "t", "h", OutboxMessage.HELD,
                0, first.nextAttemptAt(), Optional.empty(), first.createdAt().plusSeconds(1), Optional.empty());
        outbox().add(second);

        assertThat(outbox().find(first.id())).contains(first);
        assertThat(outbox().to(to, 10)).extracting(OutboxMessage::id).containsExactly(second.id(), first.id());
        assertThat(outbox().count()).isGreaterThanOrEqualTo(2);
        // a held message (no SMTP) is never due
        assertThat(outbox().due(Instant.now().plusSeconds(60), 1000)).doesNotContain(first.id(), second.id());
    }

    @Test
    default void outboxClaimHasOneWinnerAndOnlyTheHolderSettles() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OutboxMessage m = message("claim-" + Ids.alnum(8) + "@example.com", OutboxMessage.PENDING, now.minusSeconds(1));
        outbox().add(m);
        OutboxMessage later = message("later-" + Ids.alnum(8) + "@example.com", OutboxMessage.PENDING, now.plusSeconds(600));
        outbox().add(later);
        assertThat(outbox().due(now, 1000)).contains(m.id()).doesNotContain(later.id());

        Optional<OutboxMessage> a = outbox().claim(m.id(), "node-a", now, now.plus(Duration.ofMinutes(3)));
        Optional<OutboxMessage> b = outbox().claim(m.id(), "node-b", now, now.plus(Duration.ofMinutes(3)));
        assertThat(a).isPresent();
        assertThat(a.get().attempts()).isEqualTo(1);
        assertThat(b).as("a live lease keeps the row from every other node").isEmpty();
        assertThat(outbox().due(now, 1000)).doesNotContain(m.id());
        assertThat(outbox().claim(later.id(), "node-a", now, now.plusSeconds(60))).as("not due yet").isEmpty();

        assertThat(outbox().markSent(m.id(), "node-b", now)).as("only the holder settles").isFalse();
        assertThat(outbox().retry(m.id(), "node-b", now, "x")).isFalse();
        assertThat(outbox().fail(m.id(), "node-b", "x")).isFalse();
        assertThat(outbox().markSent(m.id(), "node-a", now)).isTrue();
        assertThat(outbox().find(m.id()).orElseThrow().status()).isEqualTo(OutboxMessage.SENT);
        assertThat(outbox().find(m.id()).orElseThrow().sentAt()).isPresent();
        assertThat(outbox().markSent(m.id(), "node-a", now)).as("settled once").isFalse();
        assertThat(outbox().claim(m.id(), "node-b", now.plusSeconds(3600), now.plusSeconds(4000))).as("a sent row is never claimed again")
                .isEmpty();
    }

    @Test
    default void outboxLapsedLeaseIsClaimedAgainAndRetriesWaitForTheirTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OutboxMessage m = message("lapse-" + Ids.alnum(8) + "@example.com", OutboxMessage.PENDING, now);
        outbox().add(m);
        assertThat(outbox().claim(m.id(), "node-a", now, now.plusSeconds(10))).isPresent();
        // node-a died holding it: once the lease lapses another node takes over, with the attempt counted
        Optional<OutboxMessage> again = outbox().claim(m.id(), "node-b", now.plusSeconds(11), now.plusSeconds(200));
        assertThat(again).isPresent();
        assertThat(again.get().attempts()).isEqualTo(2);
        assertThat(outbox().markSent(m.id(), "node-a", now)).as("the old holder lost it").isFalse();

        assertThat(outbox().retry(m.id(), "node-b", now.plusSeconds(300), "421 try later")).isTrue();
        OutboxMessage waiting = outbox().find(m.id()).orElseThrow();
        assertThat(waiting.status()).isEqualTo(OutboxMessage.PENDING);
        assertThat(waiting.lastError()).contains("421 try later");
        assertThat(outbox().claim(m.id(), "node-a", now.plusSeconds(299), now.plusSeconds(400))).isEmpty();
        assertThat(outbox().claim(m.id(), "node-a", now.plusSeconds(300), now.plusSeconds(400))).isPresent();
        assertThat(outbox().fail(m.id(), "node-a", "550 no such user")).isTrue();
        assertThat(outbox().find(m.id()).orElseThrow().status()).isEqualTo(OutboxMessage.FAILED);
        assertThat(outbox().due(now.plusSeconds(10_000), 1000)).doesNotContain(m.id());
    }

    @Test
    default void outboxNodesRacingForTheSameRowsEachWinEveryRowOnce() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            OutboxMessage m = message("race-" + i + "-" + Ids.alnum(6) + "@example.com", OutboxMessage.PENDING, now.minusSeconds(5));
            outbox().add(m);
            ids.add(m.id());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> nodes = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            String node = "race-node-" + n;
            nodes.add(pool.submit(() -> {
                start.await();
                List<String> won = new ArrayList<>();
                for (String id : ids) {
                    outbox().claim(id, node, now, now.plusSeconds(180)).ifPresent(x -> won.add(x.id()));
                }
                return won;
            }));
        }
        start.countDown();
        List<String> all = new ArrayList<>();
        for (Future<List<String>> f : nodes) {
            all.addAll(f.get());
        }
        pool.shutdown();
        assertThat(all).hasSize(ids.size()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    default void ticketIsConsumedOnceAndNeverAfterItsExpiry() {
        AccountTicketStore store = new JdbcAccountTicketStore(jdbi());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String user = "auth0|" + Ids.hex(12);
        AccountTicket t = new AccountTicket(Ids.hex(32), AccountTicket.PASSWORD_RESET, user, "t@example.com", Optional.of("app"),
                Optional.of("https://app.example.com/done"), Optional.of("org_contract"), true, now, now.plusSeconds(60), Optional.empty());
        store.create(t);
        assertThat(store.find(t.tokenHash())).contains(t);
        assertThat(store.consume(t.tokenHash(), now.plusSeconds(61))).as("expired").isFalse();
        assertThat(store.consume(t.tokenHash(), now.plusSeconds(1))).isTrue();
        assertThat(store.consume(t.tokenHash(), now.plusSeconds(2))).as("single use").isFalse();
        assertThat(store.find(t.tokenHash()).orElseThrow().usedAt()).contains(now.plusSeconds(1));

        AccountTicket other = new AccountTicket(Ids.hex(32), AccountTicket.PASSWORD_RESET, user, "t@example.com", Optional.empty(),
                Optional.empty(), Optional.empty(), false, now, now.plusSeconds(60), Optional.empty());
        AccountTicket verify = new AccountTicket(Ids.hex(32), AccountTicket.EMAIL_VERIFICATION, user, "t@example.com", Optional.empty(),
                Optional.empty(), Optional.empty(), true, now, now.plusSeconds(60), Optional.empty());
        store.create(other);
        store.create(verify);
        assertThat(store.consumeAllOf(user, AccountTicket.PASSWORD_RESET, now)).isEqualTo(1);
        assertThat(store.consume(other.tokenHash(), now)).isFalse();
        assertThat(store.consume(verify.tokenHash(), now)).as("other kinds are left alone").isTrue();
    }

    @Test
    default void templateOverrideIsCreatedThenReplacedInOneRow() {
        EmailTemplateStore store = new JdbcEmailTemplateStore(jdbi(), Clock.systemUTC());
        String name = "contract_" + Ids.alnum(8);
        assertThat(store.find(name)).isEmpty();
        store.save(name, Json.object().put("subject", "One"));
        store.save(name, Json.object().put("subject", "Two").put("enabled", false));
        assertThat(store.find(name).orElseThrow()).isEqualTo(Json.object().put("subject", "Two").put("enabled", false));
        assertThat(store.all()).containsKey(name);
        long rows = jdbi().withHandle(h -> h.createQuery("select count(*) from email_templates where name = :n").bind("n", name)
                .mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1L);
    }

    @Test
    default void requestLogCountsWithinTheWindowAndForgetsOldRequests() {
        EmailRequestLog log = new JdbcEmailRequestLog(jdbi());
        String bucket = "address:" + Ids.alnum(10) + "@example.com";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        log.record(bucket, now.minus(Duration.ofHours(3)));
        log.record(bucket, now.minusSeconds(30));
        log.record(bucket, now);
        assertThat(log.countSince(bucket, now.minus(Duration.ofHours(1)))).isEqualTo(2);
        log.purge(now.minus(Duration.ofHours(2)));
        assertThat(log.countSince(bucket, now.minus(Duration.ofDays(1)))).isEqualTo(2);
    }
}
