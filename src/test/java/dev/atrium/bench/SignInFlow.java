package dev.atrium.bench;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A person signing in from a new browser (an empty cookie jar), the same way on every server the
 * benchmark drives: {@code GET} the authorization URL, follow redirects to the login page, post its
 * first form with the username and password filled in (every other field as the page gave it), follow
 * redirects until one leads to the application's callback (choosing the first organization where an
 * organization picker asks), and return the authorization code. The
 * jar keeps every cookie the server sets and sends all of them back, whatever their path.
 */
final class SignInFlow {
    private final HttpClient http;

    SignInFlow(HttpClient http) {
        this.http = http;
    }

    /** Returns the {@code code} the server sent to {@code callback}; throws on any other outcome. */
    String code(String authorizeUrl, String callback, String username, String password) {
        Map<String, String> jar = new LinkedHashMap<>();
        HttpResponse<String> r = browse(jar, "GET", authorizeUrl, null);
        while (r.statusCode() == 302 || r.statusCode() == 303) {
            r = browse(jar, "GET", next(r), null);
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no login page: " + r.statusCode() + " at " + r.uri());
        }
        Document page = Jsoup.parse(r.body(), r.uri().toString());
        Element login = page.selectFirst("form:has(input[name=password])");
        if (login == null) {
            throw new IllegalStateException("no login form at " + r.uri());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        login.select("input[name]").forEach(i -> fields.put(i.attr("name"), i.attr("value")));
        fields.put("username", username);
        fields.put("password", password);
        r = browse(jar, "POST", login.absUrl("action"), form(fields));
        for (int pages = 0; pages < 20; pages++) {
            if ((r.statusCode() == 302 || r.statusCode() == 303) && !location(r).startsWith(callback)) {
                r = browse(jar, "GET", next(r), null);
            } else if (r.statusCode() == 200 && picked(r) != null) {
                r = picked(jar, r);
            } else {
                break;
            }
        }
        if (r.statusCode() != 302 && r.statusCode() != 303) {
            throw new IllegalStateException("sign-in did not return to the application: " + r.statusCode() + " at " + r.uri());
        }
        String code = query(URI.create(location(r)).getRawQuery()).get("code");
        if (code == null) {
            throw new IllegalStateException("callback without a code: " + location(r));
        }
        return code;
    }

    /** The organization picker's form on a page, or null: a form whose buttons are named {@code organization}. */
    private static Element picked(HttpResponse<String> r) {
        return Jsoup.parse(r.body(), r.uri().toString()).selectFirst("form:has(button[name=organization])");
    }

    /** Continues with the first organization the picker offers, as a person clicking its button would. */
    private HttpResponse<String> picked(Map<String, String> jar, HttpResponse<String> r) {
        Element picker = picked(r);
        Map<String, String> fields = new LinkedHashMap<>();
        picker.select("input[name]").forEach(i -> fields.put(i.attr("name"), i.attr("value")));
        fields.put("organization", picker.selectFirst("button[name=organization]").attr("value"));
        return browse(jar, "POST", picker.absUrl("action"), form(fields));
    }

    private HttpResponse<String> browse(Map<String, String> jar, String method, String url, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (!jar.isEmpty()) {
            b.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        if (method.equals("POST")) {
            b.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.GET();
        }
        HttpResponse<String> r = send(http, b.build());
        for (String c : r.headers().allValues("Set-Cookie")) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.isEmpty() || c.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                jar.remove(name);
            } else {
                jar.put(name, value);
            }
        }
        return r;
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The redirect's target, resolved against the request's URL (a {@code Location} may be relative). */
    private static String next(HttpResponse<String> r) {
        return r.uri().resolve(location(r)).toString();
    }

    static String location(HttpResponse<String> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(r.statusCode() + " without Location"));
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> Benchmark.enc(e.getKey()) + "=" + Benchmark.enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }
}
