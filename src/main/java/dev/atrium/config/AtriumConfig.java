package dev.atrium.config;

import java.nio.file.Path;
import java.time.Duration;
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
 * @param passwordHashing   the Argon2id cost of new password hashes ({@code ATRIUM_ARGON2_MEMORY_KIB},
 *                          {@code ATRIUM_ARGON2_ITERATIONS}, {@code ATRIUM_ARGON2_PARALLELISM}; defaults are
 *                          OWASP's minimum: 19 MiB, 2 passes, 1 lane).
 * @param signupLimits      unauthenticated sign-ups ({@code /dbconnections/signup}, {@code /u/signup}) allowed
 *                          per minute from one client IP ({@code ATRIUM_SIGNUP_RATE_LIMIT_PER_IP}, default 10)
 *                          and for the whole tenant ({@code ATRIUM_SIGNUP_RATE_LIMIT}, default 100); beyond, 429.
 * @param databaseStatementTimeout longest a database statement may run before it is cancelled and the
 *                          request answers 503 ({@code ATRIUM_DATABASE_STATEMENT_TIMEOUT}, milliseconds, default 5000).
 * @param cacheMaxStaleness how long the cached applications, grants, APIs, tenant settings and signing keys
 *                          are trusted without a successful poll of the database; past it those reads answer 503
 *                          ({@code ATRIUM_CACHE_MAX_STALENESS}, seconds, default 60).
 * @param smtp              the SMTP server mail is delivered through ({@code ATRIUM_SMTP_URL}, see {@link SmtpUrl});
 *                          empty (the default): every message is kept in the outbox, readable on the dashboard.
 * @param emailFrom         the sender of every message ({@code ATRIUM_EMAIL_FROM}, e.g. {@code Acme <no-reply@acme.com>});
 *                          empty: {@code no-reply@} the issuer's host.
 * @param allowInsecureUpstreamUrls development only: let enterprise connections fetch their upstream provider's
 *                          discovery document, keys and tokens over {@code http} and from loopback or private
 *                          addresses ({@code ATRIUM_ALLOW_INSECURE_UPSTREAM_URLS}, default false: https to public
 *                          addresses only, so an administrator cannot point the server at its own network).
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
        PasswordHashing passwordHashing,
        SignupLimits signupLimits,
        Duration databaseStatementTimeout,
        Duration cacheMaxStaleness,
        Optional<SmtpUrl> smtp,
        Optional<String> emailFrom,
        boolean allowInsecureUpstreamUrls,
        Logs logs,
        boolean allowInsecureMetadataUrls) {

    /**
     * Tenant logs (issue 19).
     *
     * @param enabled       record tenant log events ({@code ATRIUM_LOGS_ENABLED}, default true); off, nothing is
     *                      recorded and the log API answers empty lists.
     * @param retentionDays days events are kept ({@code ATRIUM_LOG_RETENTION_DAYS}, default 30).
     * @param allowInsecureStreams let log streams deliver over plain http and to loopback or private addresses
     *                      ({@code ATRIUM_ALLOW_INSECURE_LOG_STREAMS}, default false; for development and tests only).
     * @param streamBackoffMillis the first wait after a failed log-stream delivery, doubling up to five minutes
     *                      ({@code ATRIUM_LOG_STREAM_BACKOFF_MS}, default 2000).
     * @param streamSuspendAfter consecutive failed deliveries after which a stream is suspended
     *                      ({@code ATRIUM_LOG_STREAM_SUSPEND_AFTER}, default 12).
     */
    public record Logs(boolean enabled, int retentionDays, boolean allowInsecureStreams, int streamBackoffMillis,
                       int streamSuspendAfter) {
        public static Logs defaults() {
            return new Logs(true, 30, false, 2000, 12);
        }
    }

    public AtriumConfig withLogs(Logs l) {
        return change(c -> c.logs = l);
    }


    /** Argon2id parameters: memory in KiB, passes, lanes. */
    public record PasswordHashing(int memoryKib, int iterations, int parallelism) {
        /** OWASP's Password Storage Cheat Sheet minimum for Argon2id. */
        public static final PasswordHashing OWASP = new PasswordHashing(19 * 1024, 2, 1);
    }

    /** Sign-ups allowed per minute from one IP address and for the whole tenant. */
    public record SignupLimits(int perIpPerMinute, int perTenantPerMinute) {
    }

    public static AtriumConfig defaults() {
        return new AtriumConfig(8080, "0.0.0.0", Optional.empty(), "jdbc:h2:file:./data/atrium", "", "",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), Path.of("data", "atrium.key"), 50, PasswordHashing.OWASP, new SignupLimits(10, 100),
                Duration.ofSeconds(5), Duration.ofSeconds(60),
                Optional.empty(), Optional.empty(), false, Logs.defaults(), false);
    }

    /** The issuer for a server listening on {@code actualPort}: configured, or {@code http://localhost:<port>/}. */
    public String issuerFor(int actualPort) {
        return issuer.orElse("http://localhost:" + actualPort + "/");
    }

    public AtriumConfig withPort(int p) {
        return change(c -> c.port = p);
    }

    public AtriumConfig withDatabase(String url, String user, String password) {
        return change(c -> {
            c.databaseUrl = url;
            c.databaseUser = user;
            c.databasePassword = password;
        });
    }

    public AtriumConfig withIssuer(String iss) {
        return change(c -> c.issuer = Optional.of(iss));
    }

    public AtriumConfig withBootstrapClient(String id, String secret) {
        return change(c -> {
            c.bootstrapClientId = Optional.of(id);
            c.bootstrapClientSecret = Optional.of(secret);
        });
    }

    public AtriumConfig withAdmin(String email, String password) {
        return change(c -> {
            c.adminEmail = Optional.of(email);
            c.adminPassword = Optional.of(password);
        });
    }

    public AtriumConfig withDemo(boolean d) {
        return change(c -> c.demo = d);
    }

    public AtriumConfig withEncryptionKey(String base64Key) {
        return change(c -> c.encryptionKey = Optional.of(base64Key));
    }

    public AtriumConfig withKeyFile(Path file) {
        return change(c -> {
            c.encryptionKey = Optional.empty();
            c.keyFile = file;
        });
    }

    public AtriumConfig withManagementRateLimit(int perSecond) {
        return change(c -> c.managementRateLimit = perSecond);
    }

    public AtriumConfig withPasswordHashing(PasswordHashing p) {
        return change(c -> c.passwordHashing = p);
    }

    public AtriumConfig withSignupLimits(SignupLimits l) {
        return change(c -> c.signupLimits = l);
    }

    public AtriumConfig withOutageBounds(Duration statementTimeout, Duration maxStaleness) {
        return change(c -> {
            c.databaseStatementTimeout = statementTimeout;
            c.cacheMaxStaleness = maxStaleness;
        });
    }

    public AtriumConfig withEmail(Optional<SmtpUrl> smtpUrl, Optional<String> from) {
        return change(c -> {
            c.smtp = smtpUrl;
            c.emailFrom = from;
        });
    }

    public AtriumConfig withAllowInsecureUpstreamUrls(boolean allow) {
        return change(c -> c.allowInsecureUpstreamUrls = allow);
    }

    public AtriumConfig withAllowInsecureMetadataUrls(boolean allow) {
        return change(c -> c.allowInsecureMetadataUrls = allow);
    }

    /** A copy with some settings changed: one place that lists every component, so a new setting is added once. */
    private AtriumConfig change(java.util.function.Consumer<Copy> edit) {
        Copy c = new Copy(this);
        edit.accept(c);
        return c.build();
    }

    /** The mutable twin of the record, for {@link #change}. */
    private static final class Copy {
        int port;
        String host;
        Optional<String> issuer;
        String databaseUrl;
        String databaseUser;
        String databasePassword;
        Optional<String> bootstrapClientId;
        Optional<String> bootstrapClientSecret;
        Optional<String> adminEmail;
        Optional<String> adminPassword;
        boolean demo;
        Optional<String> encryptionKey;
        Path keyFile;
        int managementRateLimit;
        PasswordHashing passwordHashing;
        SignupLimits signupLimits;
        Duration databaseStatementTimeout;
        Duration cacheMaxStaleness;
        Optional<SmtpUrl> smtp;
        Optional<String> emailFrom;
        boolean allowInsecureUpstreamUrls;
        Logs logs;
        boolean allowInsecureMetadataUrls;

        Copy(AtriumConfig a) {
            port = a.port;
            host = a.host;
            issuer = a.issuer;
            databaseUrl = a.databaseUrl;
            databaseUser = a.databaseUser;
            databasePassword = a.databasePassword;
            bootstrapClientId = a.bootstrapClientId;
            bootstrapClientSecret = a.bootstrapClientSecret;
            adminEmail = a.adminEmail;
            adminPassword = a.adminPassword;
            demo = a.demo;
            encryptionKey = a.encryptionKey;
            keyFile = a.keyFile;
            managementRateLimit = a.managementRateLimit;
            passwordHashing = a.passwordHashing;
            signupLimits = a.signupLimits;
            databaseStatementTimeout = a.databaseStatementTimeout;
            cacheMaxStaleness = a.cacheMaxStaleness;
            smtp = a.smtp;
            emailFrom = a.emailFrom;
            allowInsecureUpstreamUrls = a.allowInsecureUpstreamUrls;
            logs = a.logs;
            allowInsecureMetadataUrls = a.allowInsecureMetadataUrls;
        }

        AtriumConfig build() {
            return new AtriumConfig(port, host, issuer, databaseUrl, databaseUser, databasePassword, bootstrapClientId,
                    bootstrapClientSecret, adminEmail, adminPassword, demo, encryptionKey, keyFile, managementRateLimit,
                    passwordHashing, signupLimits, databaseStatementTimeout, cacheMaxStaleness, smtp, emailFrom,
                    allowInsecureUpstreamUrls, logs, allowInsecureMetadataUrls);
        }
    }

    /** The configuration with secrets replaced, for the start-up log. */
    public String redacted() {
        return "port=" + port + " host=" + host + " issuer=" + issuer.orElse("(derived)") + " database="
                + databaseUrl + (databaseUser.isEmpty() ? "" : " user=" + databaseUser)
                + " bootstrapClient=" + bootstrapClientId.orElse("(none)") + " admin=" + adminEmail.orElse("(none)")
                + " demo=" + demo + " encryptionKey=" + (encryptionKey.isPresent() ? "(configured)" : "file " + keyFile)
                + " managementRateLimit=" + managementRateLimit + "/s"
                + " argon2=" + passwordHashing.memoryKib() + "KiB/" + passwordHashing.iterations() + "/" + passwordHashing.parallelism()
                + " signupLimits=" + signupLimits.perIpPerMinute() + "/min/ip," + signupLimits.perTenantPerMinute() + "/min"
                + " databaseStatementTimeout=" + databaseStatementTimeout.toMillis() + "ms"
                + " cacheMaxStaleness=" + cacheMaxStaleness.toSeconds() + "s"
                + " smtp=" + smtp.map(SmtpUrl::redacted).orElse("(none: mail kept in the outbox)")
                + " emailFrom=" + emailFrom.orElse("(derived)")
                + (allowInsecureUpstreamUrls ? " allowInsecureUpstreamUrls=true (development only)" : "")
                + " logs=" + (logs.enabled() ? logs.retentionDays() + "d" : "off") + (logs.allowInsecureStreams() ? " insecureLogStreams" : "")
                + (allowInsecureMetadataUrls ? " allowInsecureMetadataUrls=true" : "");

    }
}
