package dev.atrium.connections.oidc;

import dev.atrium.common.InvalidRequestException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which upstream URLs an enterprise connection may make the server fetch. By default only {@code https}
 * URLs whose host resolves to public addresses: an administrator who can create connections must not turn
 * the server into a probe of its own network (loopback, private, link-local and wildcard addresses). The
 * development setting lifts both limits so that a provider on loopback can be used in tests.
 */
public final class UpstreamUrls {
    private final boolean allowInsecure;

    public UpstreamUrls(boolean allowInsecure) {
        this.allowInsecure = allowInsecure;
    }

    public boolean allowInsecure() {
        return allowInsecure;
    }

    /** Syntax only, at configuration time: an absolute http(s) URL without user info or fragment. */
    public URI check(String field, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("options", field + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new InvalidRequestException("options", field + " must be an absolute https URL without credentials or fragment");
        }
        if (scheme.equals("http") && !allowInsecure) {
            throw new InvalidRequestException("options", field + " must use https");
        }
        return uri;
    }

    /**
     * At fetch time: the URL passes {@link #check} and, unless insecure URLs are allowed, every address its host
     * resolves to is public. Throws {@link UpstreamException} otherwise.
     */
    public URI checkFetchable(String url) {
        URI uri;
        try {
            uri = check("upstream URL", url);
        } catch (InvalidRequestException e) {
            throw new UpstreamException("The provider's URL is not allowed: " + e.getMessage());
        }
        if (!allowInsecure) {
            try {
                for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress()
                            || a.isSiteLocalAddress() || a.isMulticastAddress() || isUniqueLocal(a)) {
                        throw new UpstreamException("The provider's host resolves to a non-public address");
                    }
                }
            } catch (UnknownHostException e) {
                throw new UpstreamException("The provider's host is unknown");
            }
        }
        return uri;
    }

    /** IPv6 unique local addresses (fc00::/7), which {@link InetAddress#isSiteLocalAddress} does not cover. */
    private static boolean isUniqueLocal(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc;
    }
}
