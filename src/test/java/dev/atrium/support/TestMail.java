package dev.atrium.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.atrium.config.SmtpUrl;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail) on a free loopback port, for the e-mail tests: it can be stopped
 * and started again on the same port (the "mail server went away" test), and it reads what arrived.
 */
public final class TestMail implements AutoCloseable {
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"')]+");
    private final int port;
    private GreenMail server;
    /** What the server received before it was last stopped. */
    private final List<Mail> earlier = new ArrayList<>();

    private TestMail(int port) {
        this.port = port;
    }

    /** Starts on a port picked free just now, on 127.0.0.1 only. */
    public static TestMail start() {
        TestMail m = new TestMail(freePort());
        m.up();
        return m;
    }

    public synchronized void up() {
        if (server == null) {
            ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
            setup.setServerStartupTimeout(10_000);
            server = new GreenMail(setup);
            server.start();
        }
    }

    /**
     * Stops the server, as a crash would for the client (open sessions are cut). What it had received
     * is kept: {@link #all()} counts messages across restarts, so "sent once" can be checked over an outage.
     */
    public synchronized void down() {
        if (server != null) {
            // the SMTP service first: GreenMail's stop() forgets every received message, so they are read in between
            server.getSmtp().stopService();
            for (MimeMessage m : server.getReceivedMessages()) {
                earlier.add(decode(m));
            }
            server.stop();
            server = null;
        }
    }

    public SmtpUrl url() {
        return SmtpUrl.parse("smtp://127.0.0.1:" + port);
    }

    /** One received message, decoded. */
    public record Mail(String to, String from, String subject, String text, String html, String messageId) {
        /** The http(s) links of the plain-text part, in order. */
        public List<String> links() {
            List<String> out = new ArrayList<>();
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                out.add(m.group());
            }
            return out;
        }

        public String link() {
            List<String> l = links();
            if (l.isEmpty()) {
                throw new AssertionError("no link in: " + text);
            }
            return l.get(0);
        }
    }

    /** Every message received so far, over every start of the server. */
    public synchronized List<Mail> all() {
        List<Mail> out = new ArrayList<>(earlier);
        if (server == null) {
            return out;
        }
        for (MimeMessage m : server.getReceivedMessages()) {
            out.add(decode(m));
        }
        return out;
    }

    public List<Mail> to(String address) {
        return all().stream().filter(m -> m.to().equalsIgnoreCase(address)).toList();
    }

    /** Waits for the {@code n}th message to {@code address} (at most {@code timeout}); fails the test otherwise. */
    public Mail await(String address, int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            List<Mail> got = to(address);
            if (got.size() >= n) {
                return got.get(n - 1);
            }
            sleep(50);
        }
        throw new AssertionError("no message #" + n + " to " + address + " within " + timeout + "; got " + to(address).size());
    }

    public Mail await(String address) {
        return await(address, 1, Duration.ofSeconds(15));
    }

    /** What arrived for {@code address} after waiting {@code d}: for asserting that nothing (more) came. */
    public List<Mail> after(String address, Duration d) {
        sleep(d.toMillis());
        return to(address);
    }

    private static Mail decode(MimeMessage m) {
        try {
            String text = null;
            String html = null;
            Object content = m.getContent();
            if (content instanceof MimeMultipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart p = mp.getBodyPart(i);
                    if (p.isMimeType("text/plain")) {
                        text = (String) p.getContent();
                    } else if (p.isMimeType("text/html")) {
                        html = (String) p.getContent();
                    }
                }
            } else if (content instanceof String s) {
                text = s;
            }
            String to = ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress();
            return new Mail(to, Optional.ofNullable(m.getFrom()).map(f -> f[0].toString()).orElse(null), m.getSubject(),
                    text, html, m.getMessageID());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        down();
    }
}
