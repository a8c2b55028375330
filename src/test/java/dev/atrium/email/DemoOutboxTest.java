package dev.atrium.email;

import dev.atrium.bootstrap.DemoSeed;
import dev.atrium.storage.Database;
import dev.atrium.storage.JdbcOutboxStore;
import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
}
