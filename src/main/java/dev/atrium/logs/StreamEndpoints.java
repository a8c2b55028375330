package dev.atrium.logs;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Atrium's SSRF stance for log streams. An administrator configures the URL, but an administrator's
 * token or a dashboard session may be stolen, and the server sits inside a network the administrator
 * may not otherwise reach. So, unless {@code ATRIUM_ALLOW_INSECURE_LOG_STREAMS} is set (development and
 * tests only), a stream endpoint must be {@code https}, carry no user-info, and every address its host
 * resolves to must be public: not loopback, link-local (cloud metadata), site-local or unique-local,
 * carrier-grade NAT, multicast or the unspecified address. The check runs when the stream is saved and
 * again before every delivery (a name can be re-pointed later); deliveries never follow redirects.
 */
public final class StreamEndpoints {
    private final boolean allowInsecure;

    public StreamEndpoints(boolean allowInsecure) {
        this.allowInsecure = allowInsecure;
    }

    public boolean allowsInsecure() {
        return allowInsecure;
    }

    /** Why {@code url} may not be called, or empty when it may. */
    public Optional<String> refusal(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("sink.httpEndpoint is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowInsecure && scheme.equals("http"))) {
            return Optional.of("sink.httpEndpoint must be an https URL");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            return Optional.of("sink.httpEndpoint must name a host");
        }
        if (u.getRawUserInfo() != null || u.getRawFragment() != null) {
            return Optional.of("sink.httpEndpoint must not carry user information or a fragment");
        }
        if (allowInsecure) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(u.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("sink.httpEndpoint's host does not resolve");
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                return Optional.of("sink.httpEndpoint resolves to a non-public address");
            }
        }
        return Optional.empty();
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 0/8, 100.64/10 (carrier-grade NAT), 192.0.0/24, 198.18/15 (benchmarking), 240/4 (reserved)
            return first != 0 && !(first == 100 && second >= 64 && second < 128) && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    && !(first == 198 && (second == 18 || second == 19)) && first < 240;
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            // fc00::/7 unique local; ::ffff:0:0/96 mapped addresses are judged by their IPv4 part
            if ((first & 0xfe) == 0xfc) {
                return false;
            }
            boolean mapped = true;
            for (int k = 0; k < 10; k++) {
                mapped &= b[k] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
