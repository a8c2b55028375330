package dev.atrium.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ConfigLoader} over tables of environments and command lines: what each setting does, and each way to get one wrong. */
class ConfigLoaderTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    /** A valid input and one property of the configuration it must produce. */
    record Case(String name, Map<String, String> env, List<String> args, Function<AtriumConfig, Object> property,
                Object expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** An invalid input and a fragment the one-line error must contain. */
    record Failure(String name, Map<String, String> env, List<String> args, String messageContains) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> valid() {
        return Stream.of(
                new Case("port from env", Map.of("ATRIUM_PORT", "9090"), List.of(), AtriumConfig::port, 9090),
                new Case("port 0 picks a free port later", Map.of("ATRIUM_PORT", "0"), List.of(), AtriumConfig::port, 0),
                new Case("host", Map.of("ATRIUM_HOST", "127.0.0.1"), List.of(), AtriumConfig::host, "127.0.0.1"),
                new Case("issuer gains a trailing slash", Map.of("ATRIUM_ISSUER", "https://id.example.com"), List.of(),
                        AtriumConfig::issuer, Optional.of("https://id.example.com/")),
                new Case("issuer with path keeps it", Map.of("ATRIUM_ISSUER", "https://example.com/auth/"), List.of(),
                        AtriumConfig::issuer, Optional.of("https://example.com/auth/")),
                new Case("database url", Map.of("ATRIUM_DATABASE_URL", "jdbc:postgresql://db:5432/atrium"), List.of(),
                        AtriumConfig::databaseUrl, "jdbc:postgresql://db:5432/atrium"),
                new Case("database user", Map.of("ATRIUM_DATABASE_USER", "atrium"), List.of(),
                        AtriumConfig::databaseUser, "atrium"),
                new Case("database password is kept verbatim", Map.of("ATRIUM_DATABASE_PASSWORD", " s3cret "), List.of(),
                        AtriumConfig::databasePassword, " s3cret "),
                new Case("bootstrap client id", bootstrap(), List.of(), AtriumConfig::bootstrapClientId, Optional.of("ops-robot")),
                new Case("bootstrap client secret", bootstrap(), List.of(), AtriumConfig::bootstrapClientSecret,
                        Optional.of("a-long-enough-secret")),
                new Case("admin email", admin(), List.of(), AtriumConfig::adminEmail, Optional.of("admin@example.com")),
                new Case("admin password", admin(), List.of(), AtriumConfig::adminPassword, Optional.of("correct horse")),
                new Case("demo true", Map.of("ATRIUM_DEMO", "true"), List.of(), AtriumConfig::demo, true),
                new Case("demo 0", Map.of("ATRIUM_DEMO", "0"), List.of(), AtriumConfig::demo, false),
                new Case("encryption key", Map.of("ATRIUM_ENCRYPTION_KEY", KEY), List.of(), AtriumConfig::encryptionKey,
                        Optional.of(KEY)),
                new Case("key file", Map.of("ATRIUM_KEY_FILE", "/var/lib/atrium/key"), List.of(), AtriumConfig::keyFile,
                        Path.of("/var/lib/atrium/key")),
                new Case("management rate limit", Map.of("ATRIUM_MANAGEMENT_RATE_LIMIT", "5"), List.of(),
                        AtriumConfig::managementRateLimit, 5),
                new Case("argon2 defaults are OWASP's minimum", Map.of(), List.of(), AtriumConfig::passwordHashing,
                        new AtriumConfig.PasswordHashing(19 * 1024, 2, 1)),
                new Case("argon2 memory", Map.of("ATRIUM_ARGON2_MEMORY_KIB", "65536"), List.of(),
                        c -> c.passwordHashing().memoryKib(), 65536),
                new Case("argon2 iterations", Map.of(), List.of("--argon2-iterations", "3"),
                        c -> c.passwordHashing().iterations(), 3),
                new Case("argon2 parallelism", Map.of("ATRIUM_ARGON2_PARALLELISM", "2"), List.of(),
                        c -> c.passwordHashing().parallelism(), 2),
                new Case("insecure upstream urls off by default", Map.of(), List.of(),
                        AtriumConfig::allowInsecureUpstreamUrls, false),
                new Case("insecure upstream urls allowed for development", Map.of("ATRIUM_ALLOW_INSECURE_UPSTREAM_URLS", "true"),
                        List.of(), AtriumConfig::allowInsecureUpstreamUrls, true),
                new Case("signup limits default", Map.of(), List.of(), AtriumConfig::signupLimits,
                        new AtriumConfig.SignupLimits(10, 100)),
                new Case("signup limit per ip", Map.of("ATRIUM_SIGNUP_RATE_LIMIT_PER_IP", "3"), List.of(),
                        c -> c.signupLimits().perIpPerMinute(), 3),
                new Case("signup limit per tenant", Map.of(), List.of("--signup-rate-limit=500"),
                        c -> c.signupLimits().perTenantPerMinute(), 500),
                new Case("statement timeout in milliseconds", Map.of("ATRIUM_DATABASE_STATEMENT_TIMEOUT", "1500"), List.of(),
                        AtriumConfig::databaseStatementTimeout, Duration.ofMillis(1500)),
                new Case("cache staleness bound in seconds", Map.of(), List.of("--cache-max-staleness", "15"),
                        AtriumConfig::cacheMaxStaleness, Duration.ofSeconds(15)),
                new Case("smtp url with user, password and port", Map.of("ATRIUM_SMTP_URL", "smtp://mailer:p%40ss@mail.example.com:2525"),
                        List.of(), AtriumConfig::smtp, Optional.of(new SmtpUrl(false, "mail.example.com", 2525, Optional.of("mailer"),
                                Optional.of("p@ss"), false))),
                new Case("smtp url insisting on STARTTLS, default port", Map.of("ATRIUM_SMTP_URL", "smtp://mail.example.com?starttls=required"),
                        List.of(), AtriumConfig::smtp, Optional.of(new SmtpUrl(false, "mail.example.com", 25, Optional.empty(),
                                Optional.empty(), true))),
                new Case("smtps url defaults to port 465", Map.of("ATRIUM_SMTP_URL", "smtps://u:p@mail.example.com"), List.of(),
                        c -> c.smtp().map(SmtpUrl::port), Optional.of(465)),
                new Case("no smtp url: mail kept in the outbox", Map.of(), List.of(), AtriumConfig::smtp, Optional.empty()),
                new Case("smtp password never logged", Map.of("ATRIUM_SMTP_URL", "smtp://mailer:hunter2@mail.example.com:587"),
                        List.of(), c -> c.redacted().contains("hunter2") ? "leaked" : c.smtp().orElseThrow().redacted(),
                        "smtp://mailer:***@mail.example.com:587"),
                new Case("email from with a name", Map.of("ATRIUM_EMAIL_FROM", "Acme Sign-in <no-reply@acme.example>"), List.of(),
                        AtriumConfig::emailFrom, Optional.of("Acme Sign-in <no-reply@acme.example>")),
                new Case("email from as a flag", Map.of(), List.of("--email-from", "id@acme.example"), AtriumConfig::emailFrom,
                        Optional.of("id@acme.example")),
                new Case("blank variable means unset", Map.of("ATRIUM_PORT", " "), List.of(), AtriumConfig::port, 8080),
                new Case("environment outside ATRIUM_ is ignored", Map.of("PORT", "1", "HOME", "/root"), List.of(),
                        AtriumConfig::port, 8080),
                new Case("flag with separate value", Map.of(), List.of("--port", "9091"), AtriumConfig::port, 9091),
                new Case("flag with =value", Map.of(), List.of("--port=9092"), AtriumConfig::port, 9092),
                new Case("flag overrides env", Map.of("ATRIUM_PORT", "9090"), List.of("--port", "9093"), AtriumConfig::port, 9093),
                new Case("multi-word flag", Map.of(), List.of("--database-url", "jdbc:h2:mem:x"), AtriumConfig::databaseUrl,
                        "jdbc:h2:mem:x"),
                new Case("--demo needs no value", Map.of(), List.of("--demo"), AtriumConfig::demo, true),
                new Case("--demo before another flag", Map.of(), List.of("--demo", "--port", "9094"), AtriumConfig::port, 9094),
                new Case("--demo=false overrides env", Map.of("ATRIUM_DEMO", "true"), List.of("--demo=false"),
                        AtriumConfig::demo, false),
                new Case("serve command", Map.of(), List.of("serve", "--port", "9095"), AtriumConfig::port, 9095));
    }

    static Stream<Failure> invalid() {
        return Stream.of(
                new Failure("unknown variable", Map.of("ATRIUM_FOO", "1"), List.of(), "ATRIUM_FOO"),
                new Failure("unknown flag", Map.of(), List.of("--foo", "1"), "--foo"),
                new Failure("flag without value", Map.of(), List.of("--port"), "--port"),
                new Failure("stray argument", Map.of(), List.of("serve", "extra"), "extra"),
                new Failure("unknown command", Map.of(), List.of("frobnicate"), "frobnicate"),
                new Failure("port not a number", Map.of(), List.of("--port", "nope"), "ATRIUM_PORT"),
                new Failure("port out of range", Map.of("ATRIUM_PORT", "70000"), List.of(), "ATRIUM_PORT"),
                new Failure("negative port", Map.of("ATRIUM_PORT", "-1"), List.of(), "ATRIUM_PORT"),
                new Failure("rate limit zero", Map.of("ATRIUM_MANAGEMENT_RATE_LIMIT", "0"), List.of(), "ATRIUM_MANAGEMENT_RATE_LIMIT"),
                new Failure("argon2 memory below OWASP", Map.of("ATRIUM_ARGON2_MEMORY_KIB", "16384"), List.of(),
                        "ATRIUM_ARGON2_MEMORY_KIB"),
                new Failure("argon2 one pass", Map.of("ATRIUM_ARGON2_ITERATIONS", "1"), List.of(), "ATRIUM_ARGON2_ITERATIONS"),
                new Failure("argon2 parallelism zero", Map.of("ATRIUM_ARGON2_PARALLELISM", "0"), List.of(), "ATRIUM_ARGON2_PARALLELISM"),
                new Failure("argon2 memory not a number", Map.of("ATRIUM_ARGON2_MEMORY_KIB", "19MiB"), List.of(), "ATRIUM_ARGON2_MEMORY_KIB"),
                new Failure("signup limit zero", Map.of("ATRIUM_SIGNUP_RATE_LIMIT_PER_IP", "0"), List.of(),
                        "ATRIUM_SIGNUP_RATE_LIMIT_PER_IP"),
                new Failure("tenant signup limit negative", Map.of("ATRIUM_SIGNUP_RATE_LIMIT", "-5"), List.of(),
                        "ATRIUM_SIGNUP_RATE_LIMIT"),
                new Failure("statement timeout below 100 ms", Map.of("ATRIUM_DATABASE_STATEMENT_TIMEOUT", "50"), List.of(),
                        "ATRIUM_DATABASE_STATEMENT_TIMEOUT"),
                new Failure("statement timeout with a unit", Map.of("ATRIUM_DATABASE_STATEMENT_TIMEOUT", "5s"), List.of(),
                        "ATRIUM_DATABASE_STATEMENT_TIMEOUT"),
                new Failure("insecure upstream urls not a boolean", Map.of("ATRIUM_ALLOW_INSECURE_UPSTREAM_URLS", "maybe"),
                        List.of(), "ATRIUM_ALLOW_INSECURE_UPSTREAM_URLS"),
                new Failure("cache staleness zero", Map.of("ATRIUM_CACHE_MAX_STALENESS", "0"), List.of(), "ATRIUM_CACHE_MAX_STALENESS"),
                new Failure("boolean not a boolean", Map.of("ATRIUM_DEMO", "maybe"), List.of(), "ATRIUM_DEMO"),
                new Failure("issuer not http", Map.of("ATRIUM_ISSUER", "ftp://id.example.com/"), List.of(), "ATRIUM_ISSUER"),
                new Failure("issuer not a url", Map.of("ATRIUM_ISSUER", "not a url"), List.of(), "ATRIUM_ISSUER"),
                new Failure("issuer with query", Map.of("ATRIUM_ISSUER", "https://id.example.com/?a=b"), List.of(), "ATRIUM_ISSUER"),
                new Failure("issuer with fragment", Map.of("ATRIUM_ISSUER", "https://id.example.com/#x"), List.of(), "ATRIUM_ISSUER"),
                new Failure("database not h2 or postgres", Map.of("ATRIUM_DATABASE_URL", "jdbc:mysql://db/atrium"), List.of(),
                        "ATRIUM_DATABASE_URL"),
                new Failure("encryption key not base64", Map.of("ATRIUM_ENCRYPTION_KEY", "%%%"), List.of(), "ATRIUM_ENCRYPTION_KEY"),
                new Failure("encryption key too short", Map.of("ATRIUM_ENCRYPTION_KEY",
                        Base64.getEncoder().encodeToString(new byte[16])), List.of(), "ATRIUM_ENCRYPTION_KEY"),
                new Failure("bootstrap id alone", Map.of("ATRIUM_BOOTSTRAP_CLIENT_ID", "ops-robot"), List.of(),
                        "ATRIUM_BOOTSTRAP_CLIENT_SECRET"),
                new Failure("bootstrap secret alone", Map.of("ATRIUM_BOOTSTRAP_CLIENT_SECRET", "a-long-enough-secret"), List.of(),
                        "ATRIUM_BOOTSTRAP_CLIENT_ID"),
                new Failure("bootstrap secret too short", Map.of("ATRIUM_BOOTSTRAP_CLIENT_ID", "ops-robot",
                        "ATRIUM_BOOTSTRAP_CLIENT_SECRET", "short"), List.of(), "ATRIUM_BOOTSTRAP_CLIENT_SECRET"),
                new Failure("bootstrap id with spaces", Map.of("ATRIUM_BOOTSTRAP_CLIENT_ID", "ops robot",
                        "ATRIUM_BOOTSTRAP_CLIENT_SECRET", "a-long-enough-secret"), List.of(), "ATRIUM_BOOTSTRAP_CLIENT_ID"),
                new Failure("admin email alone", Map.of("ATRIUM_ADMIN_EMAIL", "admin@example.com"), List.of(),
                        "ATRIUM_ADMIN_PASSWORD"),
                new Failure("admin password alone", Map.of("ATRIUM_ADMIN_PASSWORD", "correct horse"), List.of(),
                        "ATRIUM_ADMIN_EMAIL"),
                new Failure("smtp url with another scheme", Map.of("ATRIUM_SMTP_URL", "http://mail.example.com"), List.of(),
                        "ATRIUM_SMTP_URL"),
                new Failure("smtp url without host", Map.of("ATRIUM_SMTP_URL", "smtp://"), List.of(), "ATRIUM_SMTP_URL"),
                new Failure("smtp url with an unknown option", Map.of("ATRIUM_SMTP_URL", "smtp://mail.example.com?tls=maybe"), List.of(),
                        "ATRIUM_SMTP_URL"),
                new Failure("smtp url with a path", Map.of("ATRIUM_SMTP_URL", "smtp://mail.example.com/x"), List.of(), "ATRIUM_SMTP_URL"),
                new Failure("email from not an address", Map.of("ATRIUM_EMAIL_FROM", "nobody"), List.of(), "ATRIUM_EMAIL_FROM"),
                new Failure("email from with a line break", Map.of("ATRIUM_EMAIL_FROM", "A\nBcc: x@y.z <a@b.c>"), List.of(),
                        "ATRIUM_EMAIL_FROM"),
                new Failure("admin email malformed", Map.of("ATRIUM_ADMIN_EMAIL", "admin",
                        "ATRIUM_ADMIN_PASSWORD", "correct horse"), List.of(), "ATRIUM_ADMIN_EMAIL"));
    }

    @Test
    void noSettingsGiveTheDefaults() {
        ConfigLoader.Invocation inv = ConfigLoader.load(new String[0], Map.of());

        assertThat(inv.command()).isEqualTo("serve");
        assertThat(inv.config()).isEqualTo(AtriumConfig.defaults());
        assertThat(inv.config().port()).isEqualTo(8080);
        assertThat(inv.config().host()).isEqualTo("0.0.0.0");
        assertThat(inv.config().databaseUrl()).isEqualTo("jdbc:h2:file:./data/atrium");
        assertThat(inv.config().issuerFor(8080)).isEqualTo("http://localhost:8080/");
        assertThat(inv.config().demo()).isFalse();
        assertThat(inv.config().keyFile()).isEqualTo(Path.of("data", "atrium.key"));
        assertThat(inv.config().databaseStatementTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(inv.config().cacheMaxStaleness()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void insecureMetadataUrlsAreOffByDefaultAndTurnOnOnlyWhenAsked() {
        assertThat(ConfigLoader.load(new String[0], Map.of()).config().allowInsecureMetadataUrls()).isFalse();
        assertThat(ConfigLoader.load(new String[0], Map.of("ATRIUM_ALLOW_INSECURE_METADATA_URLS", "true"))
                .config().allowInsecureMetadataUrls()).isTrue();
        assertThat(ConfigLoader.load(new String[] {"--allow-insecure-metadata-urls", "false"},
                Map.of("ATRIUM_ALLOW_INSECURE_METADATA_URLS", "true")).config().allowInsecureMetadataUrls()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("ATRIUM_ALLOW_INSECURE_METADATA_URLS", "maybe")))
                .hasMessageContaining("ATRIUM_ALLOW_INSECURE_METADATA_URLS must be true or false");
    }

    @Test
    void migrateIsACommand() {
        assertThat(ConfigLoader.load(new String[] {"migrate"}, Map.of()).command()).isEqualTo("migrate");
    }

    @Test
    void everySettingIsAlsoAFlag() {
        for (String setting : ConfigLoader.SETTINGS) {
            String flag = "--" + setting.substring("ATRIUM_".length()).toLowerCase().replace('_', '-');
            if (setting.equals("ATRIUM_DEMO")) {
                assertThat(ConfigLoader.load(new String[] {flag}, Map.of()).config().demo()).isTrue();
            } else {
                // recognised, so the complaint is the missing value rather than an unknown flag
                assertThatThrownBy(() -> ConfigLoader.load(new String[] {flag}, Map.of()))
                        .as(flag).isInstanceOf(ConfigException.class).hasMessage("Flag " + flag + " needs a value");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validSettings(Case c) {
        AtriumConfig config = ConfigLoader.load(c.args().toArray(String[]::new), c.env()).config();

        assertThat(c.property().apply(config)).isEqualTo(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidSettingsFailWithOneLineNamingTheSetting(Failure f) {
        assertThatThrownBy(() -> ConfigLoader.load(f.args().toArray(String[]::new), f.env()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f.messageContains())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static Map<String, String> bootstrap() {
        return Map.of("ATRIUM_BOOTSTRAP_CLIENT_ID", "ops-robot", "ATRIUM_BOOTSTRAP_CLIENT_SECRET", "a-long-enough-secret");
    }

    private static Map<String, String> admin() {
        return Map.of("ATRIUM_ADMIN_EMAIL", "admin@example.com", "ATRIUM_ADMIN_PASSWORD", "correct horse");
    }
}
