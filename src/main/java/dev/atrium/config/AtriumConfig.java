package dev.atrium.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole configuration of one Atrium node. Every option is set by an environment variable
 * {@code ATRIUM_*} or the matching {@code --flag}; {@link ConfigLoader} documents the mapping and
 * {@link #defaults()} holds every default in one place.
 *
 * @param port              HTTP port ({@code ATRIUM_PORT}, default 8080; 0 picks a free port).
 * @param host              bind address ({@code ATRIUM_HOST}, default {@code 0.0.0.0}).
 * @param issuer            public base URL with a trailing slash ({@code ATRIUM_ISSUER}); empty means
 *                          {@code http://localhost:<port>/}, resolved once the port is known.
 * @param databaseUrl       JDBC URL, {@code jdbc:h2:...} or {@code jdbc:postgresql://...}
 *                          ({@code ATRIUM_DATABASE_URL}, default {@code jdbc:h2:file:./data/atrium}).
 * @param databaseUser      database user ({@code ATRIUM_DATABASE_USER}, default empty).
 * @param databasePassword  database password ({@code ATRIUM_DATABASE_PASSWORD}, default empty; never logged).
 * @param bootstrapClientId     with the secret: a first-party machine-to-machine application ensured at start
 *                              with every Management API scope ({@code ATRIUM_BOOTSTRAP_CLIENT_ID}).
 * @param bootstrapClientSecret its secret ({@code ATRIUM_BOOTSTRAP_CLIENT_SECRET}).
 * @param adminEmail        dashboard administrator ensured at start ({@code ATRIUM_ADMIN_EMAIL}).
 * @param adminPassword     its password ({@code ATRIUM_ADMIN_PASSWORD}).
 * @param demo              seed the demo tenant on an empty database ({@code ATRIUM_DEMO}, default false).
 * @param encryptionKey     base64 of 32 bytes: the key that encrypts signing keys at rest and keys the
 *                          client-secret hashes ({@code ATRIUM_ENCRYPTION_KEY}). Nodes sharing a database
 *                          must share it. When empty, {@link #keyFile} is read, or created.
 * @param keyFile           where the generated encryption key lives when none is configured
 *                          ({@code ATRIUM_KEY_FILE}, default {@code ./data/atrium.key}).
 * @param managementRateLimit Management API requests per second allowed to one client
 *                          ({@code ATRIUM_MANAGEMENT_RATE_LIMIT}, default 50); beyond it, 429.
 * @param allowInsecureMetadataUrls accept Client ID Metadata Documents over plain {@code http} and on loopback
 *                          addresses ({@code ATRIUM_ALLOW_INSECURE_METADATA_URLS}, default false; development and
 *                          tests only: private and link-local addresses stay refused either way).
 */
public record AtriumConfig(
        int port,
        String host,
        Optional<String> issuer,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        Optional<String> bootstrapClientId,
        Optional<String> bootstrapClientSecret,
        Optional<String> adminEmail,
        Optional<String> adminPassword,
        boolean demo,
        Optional<String> encryptionKey,
        Path keyFile,
        int managementRateLimit,
        boolean allowInsecureMetadataUrls) {

    public static AtriumConfig defaults() {
        return new AtriumConfig(8080, "0.0.0.0", Optional.empty(), "jdbc:h2:file:./data/atrium", "", "",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), Path.of("data", "atrium.key"), 50, false);
    }

    /** The issuer for a server listening on {@code actualPort}: configured, or {@code http://localhost:<port>/}. */
    public String issuerFor(int actualPort) {
        return issuer.orElse("http://localhost:" + actualPort + "/");
    }

    public AtriumConfig withPort(int p) {
        return new AtriumConfig(p, host, issuer, databaseUrl, databaseUser, databasePassword, bootstrapClientId,
                bootstrapClientSecret, adminEmail, adminPassword, demo, encryptionKey, keyFile, managementRateLimit, allowInsecureMetadataUrls);
    }

    public AtriumConfig withDatabase(String url, String user, String password) {
        return new AtriumConfig(port, host, issuer, url, user, password, bootstrapClientId,
                bootstrapClientSecret, adminEmail, adminPassword, demo, encryptionKey, keyFile, managementRateLimit, allowInsecureMetadataUrls);
    }

    public AtriumConfig withIssuer(String iss) {
        return new AtriumConfig(port, host, Optional.of(iss), databaseUrl, databaseUser, databasePassword,
                bootstrapClientId, bootstrapClientSecret, adminEmail, adminPassword, demo, encryptionKey, keyFile,
                managementRateLimit, allowInsecureMetadataUrls);
    }

    public AtriumConfig withBootstrapClient(String id, String secret) {
        return new AtriumConfig(port, host, issuer, databaseUrl, databaseUser, databasePassword,
                Optional.of(id), Optional.of(secret), adminEmail, adminPassword, demo, encryptionKey, keyFile,
                managementRateLimit, allowInsecureMetadataUrls);
    }

    public AtriumConfig withAdmin(String email, String password) {
        return new AtriumConfig(port, host, issuer, databaseUrl, databaseUser, databasePassword,
                bootstrapClientId, bootstrapClientSecret, Optional.of(email), Optional.of(password), demo,
                encryptionKey, keyFile, managementRateLimit, allowInsecureMetadataUrls);
    }

    public AtriumConfig withDemo(boolean d) {
        return new AtriumConfig(port, host, issuer, databaseUrl, databaseUser, databasePassword,
                bootstrapClientId, bootstrapClientSecret, adminEmail, adminPassword, d, encryptionKey, keyFile,
                managementRateLimit, allowInsecureMetadataUrls);
    }

    public AtriumConfig withEncryptionKey(String base64Key) {
        return new AtriumConfig(port, host, issuer, databaseUrl, databaseUser, databasePassword,
                bootstrapClientId, bootstrapClientSecret, adminEmail, adminPassword, demo, Optional.of(base64Key),
                keyFile, managementRateLimit, allowInsecureMetadataUrls);
    }

    public AtriumConfig withManagementRateLimit(int perSecond) {
        return new AtriumConfig(port, host, issuer, databaseUrl, databaseUser, databasePassword,
                bootstrapClientId, bootstrapClientSecret, adminEmail, adminPassword, demo, encryptionKey, keyFile,
                perSecond, allowInsecureMetadataUrls);
    }

    public AtriumConfig withAllowInsecureMetadataUrls(boolean allow) {
        return new AtriumConfig(port, host, issuer, databaseUrl, databaseUser, databasePassword,
                bootstrapClientId, bootstrapClientSecret, adminEmail, adminPassword, demo, encryptionKey, keyFile,
                managementRateLimit, allow);
    }

    /** The configuration with secrets replaced, for the start-up log. */
    public String redacted() {
        return "port=" + port + " host=" + host + " issuer=" + issuer.orElse("(derived)") + " database="
                + databaseUrl + (databaseUser.isEmpty() ? "" : " user=" + databaseUser)
                + " bootstrapClient=" + bootstrapClientId.orElse("(none)") + " admin=" + adminEmail.orElse("(none)")
                + " demo=" + demo + " encryptionKey=" + (encryptionKey.isPresent() ? "(configured)" : "file " + keyFile)
                + " managementRateLimit=" + managementRateLimit + "/s"
                + (allowInsecureMetadataUrls ? " allowInsecureMetadataUrls=true" : "");
    }
}
