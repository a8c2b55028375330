package dev.atrium.email;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.atrium.Atrium;
import dev.atrium.bootstrap.DemoSeed;
import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcOutboxStore;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo tenant without SMTP (the README's "Outbox" section): Carol's invitation to Acme is
 * e-mailed like any other, so it waits in the outbox, held, with the invitation link in it.
 */
class DemoOutboxTest {
    @RegisterExtension
    static final TestAtrium atrium = new TestAtrium(c -> c.withDemo(true));

    @Test
    void theDemoTenantsOutboxHoldsCarolsInvitation() {
        try (Database db = new Database(atrium.server().config().databaseUrl(), "", "")) {
            List<OutboxMessage> all = new JdbcOutboxStore(db.jdbi()).recent(0, 50);
            assertThat(all).extracting(OutboxMessage::template).containsExactly(EmailTemplates.USER_INVITATION);
            OutboxMessage m = all.get(0);
            assertThat(m.status()).isEqualTo(OutboxMessage.HELD);
            assertThat(m.subject()).contains("invited you to join");
            assertThat(m.textBody()).contains(DemoSeed.ORG_APP_LOGIN + "?invitation=");
            System.out.println("demo outbox: " + m.recipient() + " | " + m.subject());
        }
    }

    @Test
    void theStartUpLogSaysThatNoMailIsSentAndWhereTheMessagesAre() {
        Logger log = (Logger) LoggerFactory.getLogger(Atrium.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try (TestAtrium other = new TestAtrium().start()) {
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(l -> assertThat(l).contains("no SMTP server configured").contains("/dashboard/outbox"));
        } finally {
            log.detachAppender(lines);
        }
    }
}
