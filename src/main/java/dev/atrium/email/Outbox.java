package dev.atrium.email;

import dev.atrium.common.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The outbox: {@link #enqueue} adds a rendered message (a single insert, so it never waits for a mail
 * server), and, when SMTP is configured, a background worker on one daemon thread delivers due rows.
 *
 * <p>Delivery: the worker claims a row with a lease ({@link OutboxStore#claim}); only the node whose
 * UPDATE changed the row sends it, and only that node settles it. A failure puts the row back, due
 * after {@code base·2^(attempts-1)} capped at {@link #MAX_BACKOFF}; a permanent refusal, or the
 * {@link #MAX_ATTEMPTS}th failure, marks it failed. The lease outlives the transport's own timeouts,
 * so a live send is never claimed a second time; a node that dies mid-send leaves a lease that lapses
 * and the row is tried again (at-least-once at that one point, with the same Message-ID).
 *
 * <p>Without SMTP, messages are stored {@code held}: readable on the dashboard, never pretended sent.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    public static final int MAX_ATTEMPTS = 8;
    public static final Duration BASE_BACKOFF = Duration.ofSeconds(10);
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    /** Longer than the transport's connect + write + read timeouts together. */
    public static final Duration LEASE = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final OutboxStore store;
    private final Optional<MailTransport> transport;
    private final Clock clock;
    private final String node = "node-" + Ids.alnum(12);
    private ScheduledExecutorService worker;
    private volatile boolean closing;

    public Outbox(OutboxStore store, Optional<MailTransport> transport, Clock clock) {
        this.store = store;
        this.transport = transport;
        this.clock = clock;
    }

    /** Whether messages are delivered (true) or only kept (false). */
    public boolean delivers() {
        return transport.isPresent();
    }

    public OutboxStore store() {
        return store;
    }

    /** Stores a message for delivery (or keeps it, without SMTP) and nudges the worker. */
    public OutboxMessage enqueue(String recipient, String template, RenderedEmail email) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        OutboxMessage m = new OutboxMessage(Ids.prefixed("msg_", 24), recipient, template, email.subject(), email.text(),
                email.html(), delivers() ? OutboxMessage.PENDING : OutboxMessage.HELD, 0, now, Optional.empty(), now,
                Optional.empty());
        store.add(m);
        wake();
        return m;
    }

    /** Starts the worker when there is somewhere to deliver to. */
    public synchronized void start() {
        if (transport.isEmpty() || worker != null) {
            return;
        }
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atrium-outbox");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::drainQuietly, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void wake() {
        if (worker != null && !worker.isShutdown()) {
            worker.execute(this::drainQuietly);
        }
    }

    private void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            // the database may be briefly unreachable; the next tick tries again
            LOG.warn("outbox: could not read due messages: {}", e.toString());
        }
    }

    /** Delivers every due row this node can claim; one pass. Package-visible for tests of the rules. */
    int drain() {
        if (transport.isEmpty()) {
            return 0;
        }
        int sent = 0;
        for (String id : store.due(clock.instant(), 20)) {
            if (closing) {
                break;
            }
            Instant now = clock.instant();
            Optional<OutboxMessage> claimed = store.claim(id, node, now, now.plus(LEASE));
            if (claimed.isEmpty()) {
                continue;
            }
            OutboxMessage m = claimed.get();
            try {
                transport.get().send(m);
                store.markSent(m.id(), node, clock.instant());
                sent++;
            } catch (MailTransport.Failure f) {
                if (f.permanent() || m.attempts() >= MAX_ATTEMPTS) {
                    store.fail(m.id(), node, f.getMessage());
                    LOG.warn("outbox: {} to {} failed for good after {} attempt(s): {}", m.id(), m.recipient(), m.attempts(), f.getMessage());
                } else {
                    store.retry(m.id(), node, clock.instant().plus(backoff(m.attempts())), f.getMessage());
                    LOG.info("outbox: {} not delivered (attempt {}), retrying later: {}", m.id(), m.attempts(), f.getMessage());
                }
            } catch (RuntimeException e) {
                store.retry(m.id(), node, clock.instant().plus(backoff(m.attempts())), e.toString());
                LOG.warn("outbox: {} not delivered (attempt {})", m.id(), m.attempts(), e);
            }
        }
        return sent;
    }

    /** The wait after the {@code attempts}th failure. */
    static Duration backoff(int attempts) {
        Duration d = BASE_BACKOFF.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /**
     * Stops claiming rows and lets a send in progress finish (a send cut off after the server took
     * the message would be sent again once its lease lapsed), within the transport's own timeouts.
     */
    @Override
    public synchronized void close() {
        closing = true;
        if (worker != null) {
            worker.shutdown();
            try {
                if (!worker.awaitTermination(SmtpTransport.CONNECT_TIMEOUT_MS + 2L * SmtpTransport.IO_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    worker.shutdownNow();
                }
            } catch (InterruptedException e) {
                worker.shutdownNow();
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }
}
