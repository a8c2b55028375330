package dev.atrium.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where mail goes: {@code smtp://[user[:password]@]host[:port][?starttls=required]} or
 * {@code smtps://…} ({@code ATRIUM_SMTP_URL}). {@code smtp} upgrades with STARTTLS whenever the server
 * offers it, and with {@code starttls=required} refuses to send over a connection that could not be
 * upgraded; {@code smtps} speaks TLS from the first byte. User and password are URL-decoded.
 *
 * @param port 25 for smtp and 465 for smtps when the URL names none
 */
public record SmtpUrl(boolean implicitTls, String host, int port, Optional<String> user, Optional<String> password,
                      boolean starttlsRequired) {

    /** Parses and checks the URL; a {@link ConfigException} names what is wrong, never the password. */
    public static SmtpUrl parse(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (Exception e) {
            throw new ConfigException("ATRIUM_SMTP_URL is not a URL (expected smtp://user:password@host:port)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
            throw new ConfigException("ATRIUM_SMTP_URL must start with smtp:// or smtps://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ConfigException("ATRIUM_SMTP_URL names no host (expected smtp://user:password@host:port)");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new ConfigException("ATRIUM_SMTP_URL must not have a path");
        }
        boolean required = false;
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            if (!uri.getRawQuery().equals("starttls=required")) {
                throw new ConfigException("ATRIUM_SMTP_URL accepts only the query starttls=required");
            }
            if (scheme.equals("smtps")) {
                throw new ConfigException("ATRIUM_SMTP_URL: starttls=required applies to smtp://, not smtps://");
            }
            required = true;
        }
        boolean tls = scheme.equals("smtps");
        int port = uri.getPort() < 0 ? (tls ? 465 : 25) : uri.getPort();
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
            if (colon >= 0) {
                password = Optional.of(decode(info.substring(colon + 1)));
            }
        }
        return new SmtpUrl(tls, uri.getHost(), port, user, password, required);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL with the password replaced, for the start-up log. */
    public String redacted() {
        return (implicitTls ? "smtps://" : "smtp://") + user.map(u -> u + (password.isPresent() ? ":***" : "") + "@").orElse("")
                + host + ":" + port + (starttlsRequired ? "?starttls=required" : "");
    }
}
