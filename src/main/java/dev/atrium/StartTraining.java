package dev.atrium;

import dev.atrium.config.ConfigLoader;
import dev.atrium.keys.CryptoProviders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code java -XX:ArchiveClassesAtExit=atrium.jsa -jar atrium.jar start-training} (issue 15, start-up):
 * runs one start and a few requests of each kind on a throwaway database so that the JVM records the
 * classes they load in a class-data archive, which the start script ({@code ./atrium}) then maps
 * instead of loading and verifying those classes again on every start. The user's configuration and
 * database are never read: the server runs on a new H2 database in a temporary directory, with a demo
 * tenant, on a free port of 127.0.0.1, and the directory is deleted afterwards.
 *
 * <p>Exit code 0 when every step answered as expected, 1 (with one line on {@code err}) otherwise; the
 * start script then starts without an archive.
 */
final class StartTraining {
    private static final String CLIENT_ID = "start-training";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern NEW_CLIENT_ID = Pattern.compile("\"client_id\"\\s*:\\s*\"([^\"]+)\"");

    private StartTraining() {
    }

    static int run(PrintStream err) {
        Path dir;
        try {
            dir = Files.createTempDirectory("atrium-start-training-");
        } catch (IOException e) {
            err.println("atrium: start training: cannot create a temporary directory: " + e.getMessage());
            return 1;
        }
        Thread crypto = new Thread(CryptoProviders::install, "atrium-crypto-init");
        crypto.setDaemon(true);
        crypto.start();
        // the demo's banner and the server's log are not what the build or the start script shows
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        String secret = random();
        Map<String, String> env = Map.of(
                "ATRIUM_HOST", "127.0.0.1",
                "ATRIUM_PORT", "0",
                "ATRIUM_DATABASE_URL", "jdbc:h2:file:" + dir.resolve("atrium").toAbsolutePath(),
                "ATRIUM_KEY_FILE", dir.resolve("atrium.key").toAbsolutePath().toString(),
                "ATRIUM_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)),
                "ATRIUM_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                "ATRIUM_BOOTSTRAP_CLIENT_SECRET", secret,
                "ATRIUM_DEMO", "true");
        try (Atrium atrium = Atrium.create(ConfigLoader.load(new String[] {"serve"}, env).config())
                .start(HeapTuning::shrink, HeapTuning::settle)) {
            exercise("http://127.0.0.1:" + atrium.port(), atrium.managementAudience(), secret);
            recordJdk();
            return 0;
        } catch (RuntimeException e) {
            err.println("atrium: start training failed: " + Main.rootMessage(e));
            return 1;
        } finally {
            delete(dir);
            System.setOut(out);
        }
    }

    /** The requests of the README's first minutes: discovery, a token, Management API reads and a write, the login page. */
    private static void exercise(String base, String audience, String secret) {
        // the login page follows /authorize's redirect with the transaction's cookie
        java.net.CookieHandler.setDefault(new java.net.CookieManager());
        expect(200, request(base, "GET", "/health", null, null, null));
        expect(200, request(base, "GET", "/.well-known/openid-configuration", null, null, null));
        expect(200, request(base, "GET", "/.well-known/jwks.json", null, null, null));
        String form = "grant_type=client_credentials&client_id=" + CLIENT_ID + "&client_secret=" + encode(secret)
                + "&audience=" + encode(audience);
        Response token = expect(200, request(base, "POST", "/oauth/token", "application/x-www-form-urlencoded", form, null));
        String bearer = group(ACCESS_TOKEN, token.body);
        expect(200, request(base, "GET", "/api/v2/clients?per_page=5", null, null, bearer));
        expect(200, request(base, "GET", "/api/v2/organizations", null, null, bearer));
        expect(200, request(base, "GET", "/api/v2/users?q=" + encode("email:\"alice@demo.atrium.dev\""), null, null, bearer));
        Response created = expect(201, request(base, "POST", "/api/v2/clients", "application/json",
                "{\"name\":\"Start training\",\"app_type\":\"regular_web\",\"callbacks\":[\"http://127.0.0.1/callback\"]}", bearer));
        String client = group(NEW_CLIENT_ID, created.body);
        expect(200, request(base, "GET", "/authorize?response_type=code&scope=openid&state=s&client_id=" + encode(client)
                + "&redirect_uri=" + encode("http://127.0.0.1/callback")
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256", null, null, null));
        expect(200, request(base, "GET", "/dashboard", null, null, null));
    }

    /**
     * Writes {@code <archive>.jdk} beside the archive this JVM will write at exit, holding the JDK's
     * home: an archive only maps into the JDK build that wrote it, so the start script records it again
     * for another JDK.
     */
    private static void recordJdk() {
        String flag = "-XX:ArchiveClassesAtExit=";
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith(flag)) {
                try {
                    Files.writeString(Path.of(argument.substring(flag.length()) + ".jdk"),
                            System.getProperty("java.home") + "\n", StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write beside the archive: " + e.getMessage(), e);
                }
            }
        }
    }

    private record Response(int status, String path, String body) {
    }

    private static Response expect(int status, Response r) {
        if (r.status != status) {
            throw new IllegalStateException(r.path + " answered " + r.status + ", expected " + status + ": "
                    + r.body.replaceAll("(?s)<style.*?</style>|<[^>]*>", " ").strip().replaceAll("\\s+", " "));
        }
        return r;
    }

    private static Response request(String base, String method, String path, String contentType, String body, String bearer) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(30_000);
            if (bearer != null) {
                c.setRequestProperty("Authorization", "Bearer " + bearer);
            }
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", contentType);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            c.disconnect();
            return new Response(status, method + " " + path.replaceAll("\\?.*", ""), text);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + ": " + e.getMessage(), e);
        }
    }

    private static String group(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("unexpected answer: " + body);
        }
        return m.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind; nothing else depends on it
        }
    }
}
