package dev.atrium.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule for every URL an application or the tenant registers as a place to send a browser
 * ({@code callbacks}, {@code allowed_logout_urls}, {@code initiate_login_uri}) or to trust as an origin
 * ({@code web_origins}, {@code allowed_origins}). It is applied when the Management API, the dashboard
 * or dynamic registration stores a URL, and again by the logout endpoint before it redirects, so a value
 * stored before this rule existed is never followed.
 *
 * <p>A URL passes when it is absolute and parses as a URI, has no user-info, no fragment, no wildcard,
 * no whitespace or backslash, and its scheme is
 * <ul>
 *   <li>{@code https} with a host;</li>
 *   <li>{@code http} (not for {@code initiate_login_uri}, which Auth0 requires to be https) only for the loopback hosts {@code localhost}, {@code 127.0.0.1} and {@code [::1]}
 *       (RFC 8252 §7.3, development servers);</li>
 *   <li>for callbacks and logout URLs only, a private-use scheme of a native application: a reverse
 *       domain name, so it holds a dot ({@code com.example.app:/callback}, RFC 8252 §7.1). Schemes a
 *       browser executes or reads locally ({@code javascript}, {@code data}, {@code file}, …) never pass.</li>
 * </ul>
 * Origins are scheme, host and optional port only. Wildcards ({@code https://*.example.com}) are refused
 * everywhere: Atrium matches redirect URIs exactly (RFC 9700 §4.1.3) and does not implement Auth0's
 * subdomain wildcard matching, so accepting one would store a value that never matches.
 */
public final class RedirectTargets {
    /** What the URL is for; decides which schemes and parts it may have. */
    public enum Kind {
        CALLBACK, LOGOUT_URL, LOGIN_URI, ORIGIN
    }

    public static final int MAX_LENGTH = 1024;
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Set<String> NEVER = Set.of("javascript", "data", "vbscript", "file", "blob", "about", "filesystem",
            "jar", "view-source", "ws", "wss", "ftp");

    private RedirectTargets() {
    }

    /** Empty when {@code url} may be registered as {@code kind}; otherwise why not, for an error message. */
    public static Optional<String> problem(Kind kind, String url) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            return Optional.of("must be a non-empty URL of at most " + MAX_LENGTH + " characters");
        }
        if (url.contains("*")) {
            return Optional.of("must not contain a wildcard: list each URL exactly");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '\\') {
                return Optional.of("must not contain whitespace, control characters or backslashes");
            }
        }
        if (url.indexOf('#') >= 0) {
            return Optional.of("must not contain a fragment");
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        if (!u.isAbsolute() || u.getScheme() == null) {
            return Optional.of("must be an absolute URL");
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getRawUserInfo() != null || (u.getRawAuthority() != null && u.getRawAuthority().contains("@"))) {
            return Optional.of("must not contain user information");
        }
        if (scheme.equals("https") || scheme.equals("http")) {
            String host = u.getHost();
            if (host == null || host.isEmpty()) {
                return Optional.of("must name a host");
            }
            if (scheme.equals("http") && kind == Kind.LOGIN_URI) {
                return Optional.of("must be an https URL");
            }
            if (scheme.equals("http") && !LOOPBACK.contains(host.toLowerCase(Locale.ROOT))) {
                return Optional.of("must use https (http only for localhost or a loopback address)");
            }
            if (kind == Kind.ORIGIN && ((u.getRawPath() != null && !u.getRawPath().isEmpty())
                    || u.getRawQuery() != null)) {
                return Optional.of("must be an origin: scheme, host and optional port, without a path");
            }
            return Optional.empty();
        }
        if ((kind == Kind.CALLBACK || kind == Kind.LOGOUT_URL) && !NEVER.contains(scheme) && scheme.contains(".")
                && !u.isOpaque()) {
            return Optional.empty();
        }
        return Optional.of(kind == Kind.CALLBACK || kind == Kind.LOGOUT_URL
                ? "must use https, http on a loopback host, or a native application's reverse-domain scheme (com.example.app:/callback)"
                : "must use https (http only for localhost or a loopback address)");
    }

    /** Whether the URL is https or loopback http rather than a native application's private-use scheme. */
    public static boolean isWeb(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https:") || lower.startsWith("http:");
    }

    public static boolean allowed(Kind kind, String url) {
        return problem(kind, url).isEmpty();
    }
}
