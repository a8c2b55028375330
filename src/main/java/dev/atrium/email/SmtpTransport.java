package dev.atrium.email;

import dev.atrium.config.SmtpUrl;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.Properties;

/**
 * Delivery over SMTP with Eclipse Angus Mail (the Jakarta Mail implementation). Each message goes out
 * as {@code multipart/alternative} (plain text, then HTML) with a {@code Message-ID} derived from its
 * outbox id, so a receiving server that sees the same message twice can tell. Timeouts bound every
 * step so that a send always ends well inside the worker's lease.
 */
public final class SmtpTransport implements MailTransport {
    static final int CONNECT_TIMEOUT_MS = 10_000;
    static final int IO_TIMEOUT_MS = 20_000;

    private final SmtpUrl url;
    private final InternetAddress from;
    private final Session session;
    private final String domain;

    public SmtpTransport(SmtpUrl url, String from, String messageIdDomain) {
        this.url = url;
        try {
            this.from = new InternetAddress(from, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("not an e-mail address: " + from, e);
        }
        this.domain = messageIdDomain;
        String p = url.implicitTls() ? "mail.smtps." : "mail.smtp.";
        Properties props = new Properties();
        props.put("mail.transport.protocol", url.implicitTls() ? "smtps" : "smtp");
        props.put(p + "host", url.host());
        props.put(p + "port", Integer.toString(url.port()));
        props.put(p + "auth", Boolean.toString(url.user().isPresent()));
        props.put(p + "connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MS));
        props.put(p + "timeout", Integer.toString(IO_TIMEOUT_MS));
        props.put(p + "writetimeout", Integer.toString(IO_TIMEOUT_MS));
        props.put(p + "ssl.checkserveridentity", "true");
        if (!url.implicitTls()) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", Boolean.toString(url.starttlsRequired()));
        }
        this.session = Session.getInstance(props);
    }

    @Override
    public void send(OutboxMessage m) throws Failure {
        try {
            MimeMessage mime = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + m.id() + "@" + domain + ">");
                }
            };
            mime.setFrom(from);
            mime.setRecipient(Message.RecipientType.TO, new InternetAddress(m.recipient(), true));
            mime.setSubject(m.subject(), "UTF-8");
            mime.setSentDate(new Date());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(m.textBody(), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(m.htmlBody(), "UTF-8", "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            mime.setContent(alternative);
            mime.saveChanges();
            Transport transport = session.getTransport();
            try {
                transport.connect(url.host(), url.port(), url.user().orElse(null), url.password().orElse(null));
                transport.sendMessage(mime, mime.getAllRecipients());
            } finally {
                transport.close();
            }
        } catch (SMTPAddressFailedException e) {
            throw new Failure("recipient refused: " + e.getReturnCode() + " " + e.getMessage(), e.getReturnCode() >= 500, e);
        } catch (SMTPSendFailedException e) {
            throw new Failure("message refused: " + e.getReturnCode() + " " + e.getMessage(), e.getReturnCode() >= 500, e);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new Failure("not an e-mail address: " + e.getMessage(), true, e);
        } catch (MessagingException e) {
            throw new Failure(describe(e), false, e);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 500; t = t.getCause()) {
            if (!out.isEmpty()) {
                out.append(": ");
            }
            out.append(t.getClass().getSimpleName()).append(' ').append(t.getMessage());
        }
        return out.toString();
    }

    /** The display form of the sender, for logs. */
    public String from() {
        try {
            return from.getPersonal() == null ? from.getAddress() : new InternetAddress(from.getAddress(), from.getPersonal()).toString();
        } catch (UnsupportedEncodingException e) {
            return from.getAddress();
        }
    }
}
