package dev.atrium.support;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A scripted browser: a cookie jar, redirects off so every 302 can be asserted, and jsoup to read
 * the hosted pages' forms (hidden CSRF fields included) the way a person's browser would submit them.
 */
public final class TestBrowser {
    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;

    public TestBrowser(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** One answer: status, Location, body. */
    public record Page(int status, String location, String body, URI uri) {
        public Document doc() {
            return Jsoup.parse(body, uri.toString());
        }

        public String screen() {
            return doc().body().attr("data-screen");
        }
    }

    public Page get(String url) {
        return send(HttpRequest.newBuilder(resolve(url)).GET().build());
    }

    /** Follows 302s within Atrium and stops at the first page, or at a redirect that leaves it. */
    public Page follow(Page p) {
        Page cur = p;
        for (int i = 0; i < 10 && cur.status() == 302 && cur.location() != null && isOurs(cur.location()); i++) {
            cur = get(cur.location());
        }
        return cur;
    }

    public Page open(String url) {
        return follow(get(url));
    }

    /** Submits the first form matching {@code selector} with its own fields plus {@code values}. */
    public Page submit(Page page, String selector, Map<String, String> values) {
        Document doc = page.doc();
        Element form = doc.selectFirst(selector);
        if (form == null) {
            throw new AssertionError("no form " + selector + " on page " + page.screen() + ": " + page.body());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name]")) {
            if (input.tagName().equals("select")) {
                Element opt = input.selectFirst("option[selected]");
                if (opt == null) {
                    opt = input.selectFirst("option");
                }
                fields.put(input.attr("name"), opt == null ? "" : opt.attr("value"));
            } else if (!input.attr("type").equals("submit")) {
                fields.put(input.attr("name"), input.attr("value"));
            }
        }
        fields.putAll(values);
        String action = form.absUrl("action");
        return post(action, fields);
    }

    public Page post(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(resolve(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts a form whose fields may repeat (checkbox groups), in the given order. */
    public Page post(String url, java.util.List<Map.Entry<String, String>> fields) {
        String body = fields.stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(resolve(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public CookieManager cookies() {
        return cookies;
    }

    private Page send(HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body(), req.uri());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private URI resolve(String url) {
        return url.startsWith("http") ? URI.create(url) : URI.create(base + url);
    }

    private boolean isOurs(String location) {
        return location.startsWith("/") || location.startsWith(base);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
