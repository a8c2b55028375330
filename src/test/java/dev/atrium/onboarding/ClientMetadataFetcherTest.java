package dev.atrium.onboarding;

import dev.atrium.support.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fetcher against a real HTTP server on loopback (insecure setting on, as in development) and against
 * resolvers that answer with forbidden addresses (setting off, as in production): URL rules, SSRF after name
 * resolution, size and time limits, no redirects, client_id equality and caching by Cache-Control.
 */
class ClientMetadataFetcherTest {
    static MetadataServer server;
    static final TestClock clock = new TestClock();

    @BeforeAll
    static void start() throws Exception {
        server = new MetadataServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ClientMetadataFetcher insecure() {
        return new ClientMetadataFetcher(true, InetAddress::getAllByName, Duration.ofSeconds(1), Duration.ofMillis(1500), clock);
    }

    static ClientMetadataFetcher secure(ClientMetadataFetcher.Resolver resolver) {
        return new ClientMetadataFetcher(false, resolver, Duration.ofSeconds(1), Duration.ofMillis(1500), clock);
    }

    @Test
    void aDocumentNamingItsOwnUrlIsReturned() {
        server.answer("/ok.json", MetadataServer.Answer.json(server.document("/ok.json", "Notes", "http://127.0.0.1:7777/cb", ""), null));
        var f = insecure().fetch(server.url("/ok.json"));
        assertThat(f.document().get("client_name").asString()).isEqualTo("Notes");
    }

    @Test
    void aChunkedBodyIsReadWhole() {
        server.answer("/chunked.json", new MetadataServer.Answer(200, server.document("/chunked.json", "Chunky", "http://127.0.0.1:7777/cb", ""),
                Map.of(), 0, true));
        assertThat(insecure().fetch(server.url("/chunked.json")).document().get("client_name").asString()).isEqualTo("Chunky");
    }

    @Test
    void aDocumentWhoseClientIdDiffersIsRefused() {
        server.answer("/other.json", MetadataServer.Answer.json(server.document("/elsewhere.json", "X", "http://127.0.0.1:7777/cb", "")
                .replace(server.url("/elsewhere.json"), "https://attacker.example/client.json"), null));
        assertThatThrownBy(() -> insecure().fetch(server.url("/other.json")))
                .isInstanceOf(ClientMetadataFetcher.Refused.class).hasMessageContaining("does not equal the URL");
    }

    @Test
    void tooLargeTooSlowRedirectsAndErrorsAreRefused() {
        String big = server.document("/big.json", "B", "http://127.0.0.1:7777/cb", ",\"pad\":\"" + "x".repeat(40_000) + "\"");
        server.answer("/big.json", MetadataServer.Answer.json(big, null));
        assertThatThrownBy(() -> insecure().fetch(server.url("/big.json"))).hasMessageContaining("larger than");
        server.answer("/slow.json", new MetadataServer.Answer(200, server.document("/slow.json", "S", "http://127.0.0.1:7777/cb", ""),
                Map.of(), 3000, false));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> insecure().fetch(server.url("/slow.json"))).hasMessageContaining("took too long");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2800));
        server.answer("/moved.json", new MetadataServer.Answer(302, "", Map.of("Location", server.url("/ok.json")), 0, false));
        assertThatThrownBy(() -> insecure().fetch(server.url("/moved.json"))).hasMessageContaining("redirects");
        assertThatThrownBy(() -> insecure().fetch(server.url("/missing.json"))).hasMessageContaining("HTTP 404");
        server.answer("/html.json", new MetadataServer.Answer(200, "<html></html>", Map.of(), 0, false));
        assertThatThrownBy(() -> insecure().fetch(server.url("/html.json"))).hasMessageContaining("not a JSON object");
    }

    @Test
    void cachedForMaxAgeAndNotForNoStore() {
        server.answer("/cached.json", MetadataServer.Answer.json(server.document("/cached.json", "C", "http://127.0.0.1:7777/cb", ""),
                "public, max-age=60"));
        ClientMetadataFetcher f = insecure();
        f.fetch(server.url("/cached.json"));
        f.fetch(server.url("/cached.json"));
        assertThat(server.hits("/cached.json")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(61));
        f.fetch(server.url("/cached.json"));
        assertThat(server.hits("/cached.json")).isEqualTo(2);

        server.answer("/nostore.json", MetadataServer.Answer.json(server.document("/nostore.json", "N", "http://127.0.0.1:7777/cb", ""),
                "no-store"));
        f.fetch(server.url("/nostore.json"));
        f.fetch(server.url("/nostore.json"));
        assertThat(server.hits("/nostore.json")).isEqualTo(2);
    }

    @Test
    void ttlFollowsCacheControl() {
        assertThat(ClientMetadataFetcher.ttl("max-age=120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(ClientMetadataFetcher.ttl("private, max-age=\"30\"")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ClientMetadataFetcher.ttl("max-age=99999999")).isEqualTo(Duration.ofDays(1));
        assertThat(ClientMetadataFetcher.ttl("no-cache")).isZero();
        assertThat(ClientMetadataFetcher.ttl("")).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "http://client.example.com/meta.json, must use https",
            "https://client.example.com, must have a path",
            "https://client.example.com/, must have a path",
            "https://client.example.com/a#frag, no user name",
            "https://user:pw@client.example.com/a, no user name",
            "https://client.example.com/a/../b, dot segments",
            "https://client.example.com/./b, dot segments",
    })
    void urlRules(String url, String message) {
        AtomicInteger lookups = new AtomicInteger();
        ClientMetadataFetcher f = secure(host -> {
            lookups.incrementAndGet();
            return new InetAddress[]{InetAddress.getByName("93.184.215.14")};
        });
        assertThatThrownBy(() -> f.fetch(url)).isInstanceOf(ClientMetadataFetcher.Refused.class).hasMessageContaining(message);
        assertThat(lookups).hasValue(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "10.0.0.5, private",
            "169.254.169.254, link-local",
            "127.0.0.1, loopback",
            "::1, loopback",
            "fd00::1, private",
            "::ffff:192.168.0.1, private",
    })
    void forbiddenAddressesAfterResolutionAreRefusedWithoutConnecting(String address, String why) {
        // a public-looking name that resolves inward, next to a public address: one bad answer is enough
        ClientMetadataFetcher f = secure(host -> new InetAddress[]{InetAddress.getByName("93.184.215.14"), InetAddress.getByName(address)});
        assertThatThrownBy(() -> f.fetch("https://innocent.example.com/client.json"))
                .isInstanceOf(ClientMetadataFetcher.Refused.class).hasMessageContaining("resolves to a " + why + " address");
    }

    @Test
    void withTheSettingOffALoopbackDocumentIsRefused() {
        server.answer("/local.json", MetadataServer.Answer.json(server.document("/local.json", "L", "http://127.0.0.1:7777/cb", ""), null));
        ClientMetadataFetcher f = secure(InetAddress::getAllByName);
        assertThatThrownBy(() -> f.fetch(server.url("/local.json"))).hasMessageContaining("must use https");
        assertThatThrownBy(() -> f.fetch("https://localhost:" + server.port() + "/local.json")).hasMessageContaining("loopback");
        assertThat(server.hits("/local.json")).isZero();
    }

    @Test
    void anUnresolvableHostIsRefused() {
        ClientMetadataFetcher f = secure(host -> {
            throw new java.net.UnknownHostException(host);
        });
        assertThatThrownBy(() -> f.fetch("https://nowhere.invalid/c.json")).hasMessageContaining("does not resolve");
    }
}
