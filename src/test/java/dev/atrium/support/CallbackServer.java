package dev.atrium.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The relying party of the browser tests: a page at {@code /callback} on a free loopback port that
 * records the query it was sent (the code and state) and shows a plain page.
 */
public final class CallbackServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<String> lastQuery = new AtomicReference<>();

    private CallbackServer(HttpServer server) {
        this.server = server;
    }

    public static CallbackServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            CallbackServer cb = new CallbackServer(s);
            s.createContext("/callback", exchange -> {
                cb.lastQuery.set(exchange.getRequestURI().getRawQuery());
                byte[] page = "<!DOCTYPE html><title>Callback</title><body data-screen=\"callback\"><h1>Signed in</h1></body>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
            s.start();
            return cb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The callback URL to register on the application. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    /** The raw query of the last request to the callback, or null when none arrived. */
    public String lastQuery() {
        return lastQuery.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
