package dev.atrium;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * operations.md: SIGTERM (the shutdown hook calls {@link Atrium#close()}) lets in-flight requests
 * finish, and turns away new ones with 503 so that a load balancer retries them elsewhere.
 */
class GracefulShutdownTest {
    private static final String DISCOVERY = "GET /.well-known/openid-configuration HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @Test
    void closeLetsTheRequestInFlightFinishAndTurnsAwayNewOnes() throws Exception {
        Atrium atrium = Atrium.create(TestAtrium.baseConfig()).start();
        String body = "grant_type=client_credentials&client_id=" + TestAtrium.BOOTSTRAP_ID + "&client_secret="
                + TestAtrium.BOOTSTRAP_SECRET + "&audience=" + TestAtrium.enc(atrium.managementAudience());
        try (Socket slow = new Socket("localhost", atrium.port()); Socket keepAlive = new Socket("localhost", atrium.port())) {
            slow.setSoTimeout(15_000);
            keepAlive.setSoTimeout(15_000);
            assertThat(exchange(keepAlive, DISCOVERY)).startsWith("HTTP/1.1 200");

            // the token request is in flight from its headers on: its handler waits for the rest of the body
            OutputStream out = slow.getOutputStream();
            out.write(("POST /oauth/token HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n"
                    + body.substring(0, 10)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(atrium::close);
            Thread.sleep(500);
            assertThat(closing).as("close() waits while a request is unfinished").isNotDone();
            assertThat(exchange(keepAlive, DISCOVERY)).as("a new request during shutdown").startsWith("HTTP/1.1 503");

            out.write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200").contains("access_token");
            closing.get(Atrium.STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends one request on an open connection and reads its whole answer (headers and Content-Length body). */
    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return head.toString();
            }
            head.append((char) c);
        }
        int length = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
