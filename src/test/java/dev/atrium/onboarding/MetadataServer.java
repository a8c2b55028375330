package dev.atrium.onboarding;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's web server on loopback, port 0, serving metadata documents the test sets per path: a body, a
 * status, extra headers, an optional delay. Counts the requests per path so caching can be observed.
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

    public MetadataServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
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

    /** The URL of {@code path} on this server, by loopback address. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
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
