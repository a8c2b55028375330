package dev.atrium.enterprise;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atrium.support.TestAtrium;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A loopback observer in front of a real upstream Atrium: it serves the upstream's own discovery document with the
 * back-channel endpoints (token, userinfo, jwks) pointed at itself, forwards each call to the upstream unchanged, and
 * records what the relying party sent. A test may rewrite the upstream's answer per endpoint, to play a provider
 * that misbehaves. The browser-facing endpoints (authorize, logout) stay the upstream's.
 */
final class UpstreamProxy implements AutoCloseable {
    /** One back-channel call of the relying party. */
    record Call(String path, String authorization, String body) {
    }

    /** An upstream answer, as forwarded (or rewritten). */
    record Answer(int status, String body) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile UnaryOperator<Answer> token = UnaryOperator.identity();
    volatile UnaryOperator<Answer> userinfo = UnaryOperator.identity();
    volatile UnaryOperator<Answer> jwks = UnaryOperator.identity();

    private final TestAtrium upstream;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    final String base;

    UpstreamProxy(TestAtrium upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", ex -> reply(ex, new Answer(200,
                upstream.get("/.well-known/openid-configuration").body()
                        .replace("\"" + upstream.issuer() + "oauth/token\"", "\"" + base + "/token\"")
                        .replace("\"" + upstream.issuer() + "userinfo\"", "\"" + base + "/userinfo\"")
                        .replace("\"" + upstream.issuer() + ".well-known/jwks.json\"", "\"" + base + "/jwks\""))));
        server.createContext("/token", ex -> forward(ex, "oauth/token", token));
        server.createContext("/userinfo", ex -> forward(ex, "userinfo", userinfo));
        server.createContext("/jwks", ex -> forward(ex, ".well-known/jwks.json", jwks));
        server.start();
    }

    /** The {@code discovery_url} option that puts this observer between the relying party and the upstream. */
    String discoveryOption() {
        return ",\"discovery_url\":\"" + base + "/.well-known/openid-configuration\"";
    }

    List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    private void forward(HttpExchange ex, String upstreamPath, UnaryOperator<Answer> rewrite) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        calls.add(new Call(ex.getRequestURI().getPath(), authorization, body));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream.issuer() + upstreamPath));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if ("POST".equals(ex.getRequestMethod())) {
            b.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            reply(ex, rewrite.apply(new Answer(r.statusCode(), r.body())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void reply(HttpExchange ex, Answer a) throws IOException {
        byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
