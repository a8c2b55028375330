package dev.atrium.onboarding;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's web server on loopback, port 0, serving metadata documents the test sets per path: a body, a
 * status, extra headers, an optional delay. Counts the requests per path so caching can be observed.
 * {@link #https()} serves over TLS as {@code https://localhost:port} with a self-signed certificate that
 * {@link #trust()} makes the JVM's default TLS context accept (clients such as the MCP SDK insist on https).
 */
public final class MetadataServer implements AutoCloseable {
    public record Answer(int status, String body, Map<String, String> headers, long delayMillis, boolean chunked) {
        public static Answer json(String body, String cacheControl) {
            return new Answer(200, body, cacheControl == null ? Map.of() : Map.of("Cache-Control", cacheControl), 0, false);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final SSLContext tls;

    public MetadataServer() throws IOException {
        this(null);
    }

    /** A server on {@code https://localhost:port}; see {@link #trust()}. */
    public static MetadataServer https() throws Exception {
        return new MetadataServer(selfSigned());
    }

    private MetadataServer(SSLContext tls) throws IOException {
        this.tls = tls;
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(at, 0);
        } else {
            HttpsServer s = HttpsServer.create(at, 0);
            s.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = s;
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Answer a = answers.getOrDefault(path, new Answer(404, "{}", Map.of(), 0, false));
            try {
                if (a.delayMillis() > 0) {
                    Thread.sleep(a.delayMillis());
                }
                byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.sendResponseHeaders(a.status(), a.chunked() ? 0 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException | IOException e) {
                exchange.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    /** The URL of {@code path} on this server, by loopback address ({@code https://localhost} for {@link #https()}). */
    public String url(String path) {
        return (tls == null ? "http://127.0.0.1:" : "https://localhost:") + server.getAddress().getPort() + path;
    }

    /**
     * Makes this server's certificate the only one the JVM's default TLS context trusts, until the returned
     * handle is closed (which puts the previous default back). For {@link #https()} servers only.
     */
    public AutoCloseable trust() throws Exception {
        SSLContext previous = SSLContext.getDefault();
        SSLContext.setDefault(tls);
        return () -> SSLContext.setDefault(previous);
    }

    private static SSLContext selfSigned() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(3600)),
                Date.from(now.plusSeconds(86_400)), name, kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "test".toCharArray();
        ks.setKeyEntry("server", kp.getPrivate(), pw, new Certificate[]{cert});
        ks.setCertificateEntry("trusted", cert);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void answer(String path, Answer a) {
        answers.put(path, a);
    }

    /** A metadata document for {@code path} naming its own URL, with {@code redirectUris} and extra JSON members. */
    public String document(String path, String name, String redirectUri, String extra) {
        return "{\"client_id\":\"" + url(path) + "\",\"client_name\":\"" + name + "\",\"redirect_uris\":[\"" + redirectUri
                + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],"
                + "\"token_endpoint_auth_method\":\"none\"" + extra + "}";
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
