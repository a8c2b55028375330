package dev.atrium.security;

import dev.atrium.common.Json;
import dev.atrium.support.TestAtrium;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What the hostile-input tests share: raw requests and the three error shapes they must answer in. */
final class Hostile {
    private Hostile() {
    }

    /** An answer read off the wire: status, headers (lower-case names) and body. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        static Answer of(TestAtrium.Response r) {
            Map<String, List<String>> h = new TreeMap<>();
            r.raw().headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
            return new Answer(r.status(), h, r.body());
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /**
     * Any method, any content type (null: none), any bytes; optional bearer token and cookie. A target
     * the JDK client refuses to send (a malformed escape) goes over a raw socket, byte for byte.
     */
    static Answer send(TestAtrium atrium, String method, String pathAndQuery, String contentType, byte[] body,
                       String token, String cookie) {
        URI uri;
        try {
            uri = new URI(atrium.baseUrl() + pathAndQuery);
        } catch (java.net.URISyntaxException e) {
            List<String> headers = new ArrayList<>();
            if (contentType != null) {
                headers.add("Content-Type: " + contentType);
            }
            if (token != null) {
                headers.add("Authorization: Bearer " + token);
            }
            if (cookie != null && !cookie.isEmpty()) {
                headers.add("Cookie: " + cookie);
            }
            return raw(atrium, method, pathAndQuery, headers, body);
        }
        try {
            return Answer.of(sendJdk(atrium, uri, method, contentType, body, token, cookie));
        } catch (IllegalStateException stale) {
            // the JDK client may reuse a pooled connection the server has just closed (after a 413, say);
            // one retry on a fresh connection tells that race from a server that really drops requests
            return Answer.of(sendJdk(atrium, uri, method, contentType, body, token, cookie));
        }
    }

    /** One HTTP/1.1 request written as given (no validation at all), the answer read until the server closes. */
    static Answer raw(TestAtrium atrium, String method, String target, List<String> headers, byte[] body) {
        return raw(atrium, "127.0.0.1", method, target, headers, body);
    }

    /** As {@link #raw(TestAtrium, String, String, List, byte[])}, from the loopback address {@code from} (127.0.0.0/8). */
    static Answer raw(TestAtrium atrium, String from, String method, String target, List<String> headers, byte[] body) {
        try (Socket socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), atrium.server().port(),
                java.net.InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(15_000);
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (String h : headers) {
                req.write((h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            if (body != null) {
                req.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            req.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                req.write(body);
            }
            OutputStream out = socket.getOutputStream();
            out.write(req.toByteArray());
            out.flush();
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            byte[] rest = split < 0 ? new byte[0] : java.util.Arrays.copyOfRange(all, split + 4, all.length);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> h = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    h.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).trim());
                }
            }
            List<String> te = h.get("transfer-encoding");
            if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
                rest = dechunk(rest);
            }
            return new Answer(status, h, new String(rest, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int eol = i;
            while (eol + 1 < in.length && !(in[eol] == '\r' && in[eol + 1] == '\n')) {
                eol++;
            }
            String sizeText = new String(in, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(in, eol + 2, Math.min(size, in.length - eol - 2));
            i = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static TestAtrium.Response sendJdk(TestAtrium atrium, URI uri, String method, String contentType, byte[] body,
                                               String token, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (cookie != null && !cookie.isEmpty()) {
            b.header("Cookie", cookie);
        }
        return atrium.send(b.build());
    }

    /** The error shape a path must answer in; null when the answer is no error at all. */
    static String shapeProblem(String path, Answer r) {
        if (r.status() >= 500) {
            return "status " + r.status();
        }
        if (r.status() < 400) {
            return null;
        }
        String type = r.header("Content-Type") == null ? "" : r.header("Content-Type").toLowerCase(Locale.ROOT);
        if (path.startsWith("/api/v2")) {
            JsonNode j = json(r);
            if (j == null || !j.isObject() || !j.path("statusCode").isInt() || j.get("statusCode").asInt() != r.status()
                    || !j.path("error").isString() || !j.path("message").isString()) {
                return "not Auth0's Management error shape";
            }
            return null;
        }
        if (path.startsWith("/oauth/") || path.startsWith("/oidc/register") || path.startsWith("/dbconnections/")) {
            JsonNode j = json(r);
            if (j == null || !j.isObject() || !j.path("error").isString()
                    || j.has("error_description") && !j.get("error_description").isString()) {
                return "not OAuth's error shape";
            }
            return null;
        }
        if (!type.startsWith("text/html") || !r.body().contains("<html")) {
            return "not the hosted error page";
        }
        return null;
    }

    static void assertShape(String path, Answer r) {
        assertThat(shapeProblem(path, r)).as("%s answered %s", path, r).isNull();
    }

    static JsonNode json(Answer r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The cookies a response sets, as one {@code Cookie} header value. */
    static String cookies(Answer r, String existing) {
        StringBuilder out = new StringBuilder(existing == null ? "" : existing);
        List<String> set = r.headers().getOrDefault("set-cookie", List.of());
        for (String c : set) {
            String pair = c.split(";", 2)[0];
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(pair);
        }
        return out.toString();
    }

    /** The {@code _csrf} value in a hosted form. */
    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(html);
        if (m.find()) {
            return m.group(1);
        }
        Matcher m2 = Pattern.compile("value=\"([^\"]+)\"\\s+name=\"_csrf\"").matcher(html);
        return m2.find() ? m2.group(1) : "";
    }

    static String location(Answer r) {
        String l = r.header("Location");
        return l == null ? "" : l;
    }
}
