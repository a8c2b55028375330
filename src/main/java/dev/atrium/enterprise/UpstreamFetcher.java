package dev.atrium.enterprise;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.atrium.connections.oidc.UpstreamException;
import dev.atrium.connections.oidc.UpstreamUrls;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The only way the server reaches an upstream provider. Each URL is checked by {@link UpstreamUrls} just before
 * the request (so a host that later resolves to a private address is still refused); redirects are not followed;
 * connecting and answering are bounded in time; answers larger than {@link #MAX_BYTES} are refused. It is also the
 * Nimbus {@link ResourceRetriever} of the upstream JWKS.
 */
public final class UpstreamFetcher implements ResourceRetriever {
    static final int MAX_BYTES = 256 * 1024;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private final UpstreamUrls urls;
    /** Made on the first fetch: a client's TLS context reads the trust store, which a start need not wait for. */
    private final dev.atrium.common.Lazy<HttpClient> http;

    public UpstreamFetcher(UpstreamUrls urls) {
        this.urls = urls;
        this.http = dev.atrium.common.Lazy.of(() -> HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT).build());
    }

    /** An answer of the upstream: status, content type and body (at most {@link #MAX_BYTES}). */
    public record Answer(int status, String contentType, String body) {
    }

    public Answer get(String url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(urls.checkFetchable(url)).timeout(ANSWER_TIMEOUT).GET();
        headers.forEach(b::header);
        return send(b.build());
    }

    public Answer postForm(String url, Map<String, String> headers, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(urls.checkFetchable(url)).timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        headers.forEach(b::header);
        return send(b.build());
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        Answer a;
        try {
            a = get(url.toString(), Map.of("Accept", "application/json"));
        } catch (UpstreamException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (a.status() != 200) {
            throw new IOException("The provider's keys answered HTTP " + a.status());
        }
        return new Resource(a.body(), a.contentType());
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<InputStream> r = http.get().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new UpstreamException("The provider's answer is too large");
                }
                return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                        new String(body, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UpstreamException("The provider could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("Interrupted while calling the provider", e);
        }
    }

    static URI uri(String s) {
        return URI.create(s);
    }
}
