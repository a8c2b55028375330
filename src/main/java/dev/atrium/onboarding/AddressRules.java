package dev.atrium.onboarding;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which resolved addresses a metadata document may be fetched from. Everything that reaches the
 * server's own network is refused: loopback, private (RFC 1918, IPv6 unique-local), link-local
 * (which holds cloud metadata services), carrier-grade NAT, unspecified, multicast, benchmarking and
 * reserved ranges, and IPv4 addresses hidden inside IPv6 forms. Loopback alone is allowed when the
 * operator turned on insecure metadata URLs (development and tests); private ranges never are.
 *
 * <p>The rule runs on addresses after name resolution, never on the host name, because a public name
 * can resolve to a private address (SSRF through DNS).
 */
public final class AddressRules {
    private AddressRules() {
    }

    /** Why {@code a} is refused, or null when it may be contacted. */
    public static String refusal(InetAddress a, boolean allowLoopback) {
        InetAddress v4 = embeddedIpv4(a);
        if (v4 != null) {
            return refusal(v4, allowLoopback);
        }
        if (a.isLoopbackAddress()) {
            return allowLoopback ? null : "loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xff;
            int o1 = b[1] & 0xff;
            if (o0 == 0) {
                return "unspecified";
            }
            if (o0 == 100 && o1 >= 64 && o1 <= 127) {
                return "private";          // 100.64.0.0/10 carrier-grade NAT
            }
            if (o0 == 198 && (o1 == 18 || o1 == 19)) {
                return "reserved";         // 198.18.0.0/15 benchmarking
            }
            if (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0) {
                return "reserved";         // 192.0.0.0/24 protocol assignments
            }
            if (o0 >= 240) {
                return "reserved";         // 240.0.0.0/4 and broadcast
            }
            return null;
        }
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return "private";              // fc00::/7 unique local
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "private";              // fec0::/10 deprecated site-local
        }
        if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return "reserved";             // 2001:db8::/32 documentation
        }
        return null;
    }

    /**
     * The IPv4 address an IPv6 address carries (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d},
     * NAT64 {@code 64:ff9b::a.b.c.d}, 6to4 {@code 2002:AABB:CCDD::}), so that the IPv4 rules apply to it; null otherwise.
     */
    static InetAddress embeddedIpv4(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return null;
        }
        byte[] b = a.getAddress();
        boolean zero10 = true;
        for (int i = 0; i < 10; i++) {
            zero10 &= b[i] == 0;
        }
        boolean mapped = zero10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zero10 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        try {
            if (mapped || compatible || nat64) {
                return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return InetAddress.getByAddress(new byte[]{b[2], b[3], b[4], b[5]});
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }
}
