package dev.atrium.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.atrium.config.SmtpUrl;
import dev.atrium.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transport settings of {@code ATRIUM_SMTP_URL} against real SMTP servers on loopback: a plain
 * server receives the message as two parts with its outbox id in {@code Message-ID}; with
 * {@code ?starttls=required} a server that does not offer STARTTLS never receives it (nothing goes out
 * in clear); over {@code smtps://} a server whose certificate is not trusted never receives it either.
 */
class SmtpTransportTest {
    static final TestMail plain = TestMail.start();

    @AfterAll
    static void close() {
        plain.close();
    }

    static OutboxMessage message(String to) {
        return new OutboxMessage("msg_" + Long.toString(System.nanoTime(), 36), to, "reset_email", "Reset your password",
                "Follow https://atrium.example/u/reset", "<p>Follow <a href=\"https://atrium.example/u/reset\">this link</a></p>",
                OutboxMessage.PENDING, 0, Instant.now(), Optional.empty(), Instant.now(), Optional.empty());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aPlainServerReceivesBothPartsWithTheOutboxIdAsMessageId() throws Exception {
        String to = "plain-" + System.nanoTime() + "@example.com";
        OutboxMessage m = message(to);
        new SmtpTransport(plain.url(), "Atrium <no-reply@atrium.example>", "atrium.example").send(m);
        TestMail.Mail got = plain.await(to);
        assertThat(got.subject()).isEqualTo("Reset your password");
        assertThat(got.from()).contains("no-reply@atrium.example");
        assertThat(got.text()).contains("https://atrium.example/u/reset");
        assertThat(got.html()).contains("<a href=\"https://atrium.example/u/reset\">");
        assertThat(got.messageId()).isEqualTo("<" + m.id() + "@atrium.example>");
    }

    @Test
    void starttlsRequiredNeverSendsInClearToAServerWithoutIt() {
        String to = "clear-" + System.nanoTime() + "@example.com";
        SmtpUrl required = SmtpUrl.parse("smtp://127.0.0.1:" + plain.url().port() + "?starttls=required");
        assertThat(required.starttlsRequired()).isTrue();
        assertThatThrownBy(() -> new SmtpTransport(required, "no-reply@atrium.example", "atrium.example").send(message(to)))
                .isInstanceOf(MailTransport.Failure.class)
                .hasMessageContaining("STARTTLS");
        assertThat(plain.after(to, Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void smtpsRefusesAServerWhoseCertificateIsNotTrusted() throws Exception {
        int port = freePort();
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS);
        setup.setServerStartupTimeout(10_000);
        GreenMail selfSigned = new GreenMail(setup);
        selfSigned.start();
        try {
            String to = "tls-" + System.nanoTime() + "@example.com";
            SmtpUrl url = SmtpUrl.parse("smtps://127.0.0.1:" + port);
            assertThatThrownBy(() -> new SmtpTransport(url, "no-reply@atrium.example", "atrium.example").send(message(to)))
                    .isInstanceOf(MailTransport.Failure.class);
            assertThat(selfSigned.getReceivedMessages()).isEmpty();
        } finally {
            selfSigned.stop();
        }
    }
}
