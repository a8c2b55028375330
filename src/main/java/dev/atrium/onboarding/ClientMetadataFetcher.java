package dev.atrium.onboarding;

import dev.atrium.common.Json;
import tools.jackson.databind.node.ObjectNode;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches a Client ID Metadata Document: the JSON a client publishes at the URL it uses as its
 * {@code client_id}. This is the one place Atrium makes an outbound request on an unauthenticated
 * caller's behalf, so it is built against SSRF:
 * <ul>
 *   <li>the URL must be {@code https} with a path, without user-info, fragment or dot segments
 *       ({@code http} only with the insecure setting);</li>
 *   <li>the host is resolved ONCE and every resolved address must pass {@link AddressRules}; the connection
 *       goes to that address (the TLS handshake still verifies the certificate for the host name), so a
 *       second resolution cannot swap in an internal address (DNS rebinding);</li>
 *   <li>redirects are not followed; connecting, and the whole exchange, have short deadlines; the body is
 *       capped at {@link #MAX_BYTES}.</li>
 * </ul>
 * Successful documents are cached for as long as their {@code Cache-Control: max-age} says (at most a day;
 * {@code no-store} or {@code no-cache} are not cached; without a header, {@link #DEFAULT_TTL}).
 *
 * <p>Specifications: draft-ietf-oauth-client-id-metadata-document §3, §4, §6; MCP authorization
 * (2025-11-25) "Client ID Metadata Documents"; RFC 9110 §15.4 (redirects), RFC 9111 §5.2 (Cache-Control).
 */
public final class ClientMetadataFetcher {
    public static final int MAX_BYTES = 16 * 1024;
    static final int MAX_CACHED = 10_000;
    static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    static final Duration MAX_TTL = Duration.ofDays(1);
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})\"?");

    /** Name resolution, replaceable in tests so that the address rules can be checked for any answer. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A document could not be used; {@code getMessage()} is safe to show to the user and the client. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** A fetched document and how long it may be reused. */
    public record Fetched(ObjectNode document, Instant fetchedAt, Instant freshUntil) {
    }

    private final boolean allowInsecure;
    private final Resolver resolver;
    private final Duration connectTimeout;
    private final Duration totalTimeout;
    private final Clock clock;
    private final Map<String, Fetched> cache = new ConcurrentHashMap<>();

    public ClientMetadataFetcher(boolean allowInsecure, Resolver resolver, Duration connectTimeout, Duration totalTimeout, Clock clock) {
        this.allowInsecure = allowInsecure;
        this.resolver = resolver;
        this.connectTimeout = connectTimeout;
        this.totalTimeout = totalTimeout;
        this.clock = clock;
    }

    /** The production fetcher: system DNS, 2 s to connect, 4 s for the whole exchange. */
    public static ClientMetadataFetcher standard(boolean allowInsecure, Clock clock) {
        return new ClientMetadataFetcher(allowInsecure, InetAddress::getAllByName, Duration.ofSeconds(2), Duration.ofSeconds(4), clock);
    }

    /** Whether {@code clientId} has the shape of a metadata-document URL at all (the rest is checked on fetch). */
    public boolean looksLikeUrl(String clientId) {
        return clientId != null && (clientId.startsWith("https://") || (allowInsecure && clientId.startsWith("http://")));
    }

    public boolean allowsInsecure() {
        return allowInsecure;
    }

    /** The document at {@code url}, from the cache while fresh; throws {@link Refused} with the reason otherwise. */
    public Fetched fetch(String url) {
        Instant now = clock.instant();
        Fetched cached = cache.get(url);
        if (cached != null && now.isBefore(cached.freshUntil())) {
            return cached;
        }
        URI uri = checkUrl(url);
        Fetched f = download(uri, now);
        if (f.freshUntil().isAfter(now)) {
            if (cache.size() >= MAX_CACHED) {
                // anyone can make Atrium fetch a URL, so the cache is bounded; dropping it only costs refetches
                cache.clear();
            }
            cache.put(url, f);
        } else {
            cache.remove(url);
        }
        return f;
    }

    /** Forgets a cached document (an administrator removed the application). */
    public void forget(String url) {
        cache.remove(url);
    }

    /** The URL rules of the draft (§3): https, a path, no user-info, fragment or dot segments. */
    URI checkUrl(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("The client_id is not a valid URL.");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowInsecure && scheme.equals("http"))) {
            throw new Refused("A client_id URL must use https.");
        }
        if (u.getRawUserInfo() != null || u.getRawFragment() != null || u.getHost() == null) {
            throw new Refused("A client_id URL must have a host and no user name, password or fragment.");
        }
        String path = u.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw new Refused("A client_id URL must have a path.");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || segment.equalsIgnoreCase("%2e") || segment.equalsIgnoreCase("%2e%2e")) {
                throw new Refused("A client_id URL must not contain dot segments.");
            }
        }
        return u;
    }

    private Fetched download(URI u, Instant now) {
        String host = u.getHost();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] resolved;
        try {
            resolved = resolver.resolve(IDN.toASCII(bareHost));
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new Refused("The client_id host " + host + " does not resolve.");
        }
        if (resolved == null || resolved.length == 0) {
            throw new Refused("The client_id host " + host + " does not resolve.");
        }
        for (InetAddress a : resolved) {
            String why = AddressRules.refusal(a, allowInsecure);
            if (why != null) {
                throw new Refused("The client_id host " + host + " resolves to a " + why + " address; metadata is fetched only from public addresses.");
            }
        }
        boolean tls = u.getScheme().equalsIgnoreCase("https");
        int port = u.getPort() > 0 ? u.getPort() : (tls ? 443 : 80);
        long deadline = System.nanoTime() + totalTimeout.toNanos();
        byte[] raw;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(resolved[0], port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) Math.min(connectTimeout.toMillis(), totalTimeout.toMillis()));
            Socket s = socket;
            if (tls) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, bareHost, port, true);
                SSLParameters p = ssl.getSSLParameters();
                // the certificate must be valid for the host name, although the socket was opened to the address
                p.setEndpointIdentificationAlgorithm("HTTPS");
                if (!bareHost.contains(":")) {
                    p.setServerNames(List.of(new SNIHostName(IDN.toASCII(bareHost))));
                }
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                s = ssl;
            }
            String target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            String hostHeader = u.getRawAuthority();
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: application/json\r\n"
                    + "User-Agent: Atrium-client-metadata\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            raw = readAll(s.getInputStream(), deadline);
        } catch (Refused e) {
            throw e;
        } catch (java.net.SocketTimeoutException e) {
            throw new Refused("The client metadata document at " + host + " took too long to answer.");
        } catch (IOException e) {
            throw new Refused("The client metadata document at " + host + " could not be fetched.");
        }
        return parse(u, raw, now);
    }

    /** The response bytes, headers and body, refusing more than the cap and anything past the deadline. */
    private static byte[] readAll(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int limit = MAX_BYTES + 8192;  // the body cap plus room for headers
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new java.net.SocketTimeoutException("deadline");
            }
            int n = in.read(chunk);
            if (n < 0) {
                return buf.toByteArray();
            }
            buf.write(chunk, 0, n);
            if (buf.size() > limit) {
                throw new Refused("The client metadata document is larger than " + MAX_BYTES + " bytes.");
            }
        }
    }

    private Fetched parse(URI u, byte[] raw, Instant now) {
        String url = u.toString();
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            throw new Refused("The client metadata document's server sent no complete HTTP response.");
        }
        String[] head = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = head[0].split(" ", 3);
        int code;
        try {
            code = status.length >= 2 && status[0].startsWith("HTTP/1.") ? Integer.parseInt(status[1]) : -1;
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code >= 300 && code < 400) {
            throw new Refused("The client metadata document redirects; it must be served at its client_id URL.");
        }
        if (code != 200) {
            throw new Refused("The client metadata document answered HTTP " + code + ".");
        }
        String cacheControl = "";
        boolean chunked = false;
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = head[i].substring(colon + 1).trim();
            if (name.equals("cache-control")) {
                cacheControl = cacheControl.isEmpty() ? value : cacheControl + ", " + value;
            } else if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if (chunked) {
            body = dechunk(body);
        }
        if (body.length > MAX_BYTES) {
            throw new Refused("The client metadata document is larger than " + MAX_BYTES + " bytes.");
        }
        ObjectNode doc;
        try {
            doc = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new Refused("The client metadata document is not a JSON object.");
        }
        if (!doc.path("client_id").isString() || !doc.get("client_id").asString().equals(url)) {
            throw new Refused("The client metadata document's client_id does not equal the URL it was fetched from.");
        }
        return new Fetched(doc, now, now.plus(ttl(cacheControl)));
    }

    /** How long a response may be reused, from its Cache-Control (RFC 9111 §5.2.2). */
    static Duration ttl(String cacheControl) {
        String cc = cacheControl.toLowerCase(Locale.ROOT);
        if (cc.contains("no-store") || cc.contains("no-cache")) {
            return Duration.ZERO;
        }
        Matcher m = MAX_AGE.matcher(cc);
        if (m.find()) {
            long seconds = Long.parseLong(m.group(1));
            return Duration.ofSeconds(Math.min(seconds, MAX_TTL.toSeconds()));
        }
        return DEFAULT_TTL;
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(body, i, body.length), "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (lineEnd < 0) {
                throw new Refused("The client metadata document's chunked body is malformed.");
            }
            String sizeText = new String(body, i, lineEnd, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeText, 16);
            } catch (NumberFormatException e) {
                throw new Refused("The client metadata document's chunked body is malformed.");
            }
            i += lineEnd + 2;
            if (size == 0) {
                break;
            }
            if (size < 0 || i + size > body.length) {
                throw new Refused("The client metadata document's chunked body is malformed.");
            }
            out.write(body, i, size);
            i += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
