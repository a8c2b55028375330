package dev.atrium.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link AtriumConfig} from the environment and the command line. Each setting has one
 * environment variable {@code ATRIUM_X_Y} and one flag {@code --x-y} ({@code --x-y=value} or
 * {@code --x-y value}); a flag wins over the environment. An unknown {@code ATRIUM_*} variable, an
 * unknown flag or a malformed value is a {@link ConfigException} naming the setting.
 */
public final class ConfigLoader {

    /** Every setting, by environment variable name. */
    static final List<String> SETTINGS = List.of(
            "ATRIUM_PORT", "ATRIUM_HOST", "ATRIUM_ISSUER", "ATRIUM_DATABASE_URL", "ATRIUM_DATABASE_USER",
            "ATRIUM_DATABASE_PASSWORD", "ATRIUM_BOOTSTRAP_CLIENT_ID", "ATRIUM_BOOTSTRAP_CLIENT_SECRET",
            "ATRIUM_ADMIN_EMAIL", "ATRIUM_ADMIN_PASSWORD", "ATRIUM_DEMO", "ATRIUM_ENCRYPTION_KEY",
            "ATRIUM_KEY_FILE", "ATRIUM_MANAGEMENT_RATE_LIMIT", "ATRIUM_ARGON2_MEMORY_KIB", "ATRIUM_ARGON2_ITERATIONS",
            "ATRIUM_ARGON2_PARALLELISM", "ATRIUM_SIGNUP_RATE_LIMIT_PER_IP", "ATRIUM_SIGNUP_RATE_LIMIT",
            "ATRIUM_DATABASE_STATEMENT_TIMEOUT", "ATRIUM_CACHE_MAX_STALENESS", "ATRIUM_SMTP_URL", "ATRIUM_EMAIL_FROM",
            "ATRIUM_ALLOW_INSECURE_UPSTREAM_URLS",
            // tenant logs (issue 19)
            "ATRIUM_LOGS_ENABLED", "ATRIUM_LOG_RETENTION_DAYS", "ATRIUM_ALLOW_INSECURE_LOG_STREAMS",
            "ATRIUM_LOG_STREAM_BACKOFF_MS", "ATRIUM_LOG_STREAM_SUSPEND_AFTER",
            "ATRIUM_ALLOW_INSECURE_METADATA_URLS");

    private ConfigLoader() {
    }

    /** The command and configuration that {@code args} and {@code env} describe. */
    public record Invocation(String command, AtriumConfig config, List<String> operands) {
        public Invocation(String command, AtriumConfig config) {
            this(command, config, List.of());
        }
    }

    public static Invocation load(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("ATRIUM_")) {
                if (!SETTINGS.contains(k)) {
                    throw new ConfigException("Unknown setting " + k + " (known: " + String.join(", ", SETTINGS) + ")");
                }
                values.put(k, v);
            }
        });
        String command = "serve";
        List<String> rest = new ArrayList<>(List.of(args));
        if (!rest.isEmpty() && !rest.get(0).startsWith("--")) {
            command = rest.remove(0);
            if (!command.equals("serve") && !command.equals("migrate") && !command.equals("import") && !command.equals("compact")) {
                throw new ConfigException("Unknown command '" + command + "' (expected serve, migrate, import or compact)");
            }
        }
        // import PATH [--dry-run]: the path and the one flag of the command, apart from the settings
        List<String> operands = new ArrayList<>();
        if (command.equals("import")) {
            if (rest.isEmpty() || rest.get(0).startsWith("--")) {
                throw new ConfigException("import needs the path of a Deploy CLI export (a directory or tenant.yaml)");
            }
            operands.add(rest.remove(0));
            if (rest.remove("--dry-run")) {
                operands.add("--dry-run");
            }
        }
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--")) {
                throw new ConfigException("Unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            String key = "ATRIUM_" + name.toUpperCase().replace('-', '_');
            if (!SETTINGS.contains(key)) {
                throw new ConfigException("Unknown flag --" + name);
            }
            if (value == null) {
                if (key.equals("ATRIUM_DEMO")) {
                    value = "true";
                } else if (i + 1 < rest.size()) {
                    value = rest.get(++i);
                } else {
                    throw new ConfigException("Flag --" + name + " needs a value");
                }
            }
            values.put(key, value);
        }
        return new Invocation(command, build(values), List.copyOf(operands));
    }

    static AtriumConfig build(Map<String, String> v) {
        AtriumConfig d = AtriumConfig.defaults();
        int port = integer(v, "ATRIUM_PORT", d.port(), 0, 65535);
        String host = text(v, "ATRIUM_HOST").orElse(d.host());
        Optional<String> issuer = text(v, "ATRIUM_ISSUER").map(ConfigLoader::issuer);
        String url = text(v, "ATRIUM_DATABASE_URL").orElse(d.databaseUrl());
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("ATRIUM_DATABASE_URL must start with jdbc:h2: or jdbc:postgresql: (got '" + url + "')");
        }
        Optional<String> clientId = text(v, "ATRIUM_BOOTSTRAP_CLIENT_ID");
        Optional<String> clientSecret = text(v, "ATRIUM_BOOTSTRAP_CLIENT_SECRET");
        if (clientId.isPresent() != clientSecret.isPresent()) {
            throw new ConfigException("ATRIUM_BOOTSTRAP_CLIENT_ID and ATRIUM_BOOTSTRAP_CLIENT_SECRET must be set together");
        }
        clientSecret.ifPresent(s -> {
            if (s.length() < 16) {
                throw new ConfigException("ATRIUM_BOOTSTRAP_CLIENT_SECRET must have at least 16 characters");
            }
        });
        clientId.ifPresent(s -> {
            if (!s.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new ConfigException("ATRIUM_BOOTSTRAP_CLIENT_ID may hold only letters, digits, '.', '_' and '-' (at most 64)");
            }
        });
        Optional<String> adminEmail = text(v, "ATRIUM_ADMIN_EMAIL");
        Optional<String> adminPassword = text(v, "ATRIUM_ADMIN_PASSWORD");
        if (adminEmail.isPresent() != adminPassword.isPresent()) {
            throw new ConfigException("ATRIUM_ADMIN_EMAIL and ATRIUM_ADMIN_PASSWORD must be set together");
        }
        adminEmail.ifPresent(e -> {
            if (!e.matches("[^@\\s]+@[^@\\s]+")) {
                throw new ConfigException("ATRIUM_ADMIN_EMAIL is not an email address: '" + e + "'");
            }
        });
        boolean demo = bool(v, "ATRIUM_DEMO", d.demo());
        Optional<String> key = text(v, "ATRIUM_ENCRYPTION_KEY");
        key.ifPresent(k -> {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(k);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("ATRIUM_ENCRYPTION_KEY must be base64 (of 32 random bytes)");
            }
            if (raw.length != 32) {
                throw new ConfigException("ATRIUM_ENCRYPTION_KEY must decode to 32 bytes (got " + raw.length + ")");
            }
        });
        Path keyFile = text(v, "ATRIUM_KEY_FILE").map(Path::of).orElse(d.keyFile());
        int rate = integer(v, "ATRIUM_MANAGEMENT_RATE_LIMIT", d.managementRateLimit(), 1, 1_000_000);
        // never below OWASP's Argon2id minimum: a configuration can only make hashing dearer
        AtriumConfig.PasswordHashing owasp = AtriumConfig.PasswordHashing.OWASP;
        AtriumConfig.PasswordHashing hashing = new AtriumConfig.PasswordHashing(
                integer(v, "ATRIUM_ARGON2_MEMORY_KIB", d.passwordHashing().memoryKib(), owasp.memoryKib(), 4 * 1024 * 1024),
                integer(v, "ATRIUM_ARGON2_ITERATIONS", d.passwordHashing().iterations(), owasp.iterations(), 100),
                integer(v, "ATRIUM_ARGON2_PARALLELISM", d.passwordHashing().parallelism(), 1, 64));
        AtriumConfig.SignupLimits signups = new AtriumConfig.SignupLimits(
                integer(v, "ATRIUM_SIGNUP_RATE_LIMIT_PER_IP", d.signupLimits().perIpPerMinute(), 1, 1_000_000),
                integer(v, "ATRIUM_SIGNUP_RATE_LIMIT", d.signupLimits().perTenantPerMinute(), 1, 1_000_000));
        Duration statementTimeout = Duration.ofMillis(integer(v, "ATRIUM_DATABASE_STATEMENT_TIMEOUT",
                (int) d.databaseStatementTimeout().toMillis(), 100, 600_000));
        Duration staleness = Duration.ofSeconds(integer(v, "ATRIUM_CACHE_MAX_STALENESS",
                (int) d.cacheMaxStaleness().toSeconds(), 1, 86_400));
        return new AtriumConfig(port, host, issuer, url, text(v, "ATRIUM_DATABASE_USER").orElse(""),
                v.getOrDefault("ATRIUM_DATABASE_PASSWORD", ""), clientId, clientSecret, adminEmail, adminPassword,
                demo, key, keyFile, rate, hashing, signups, statementTimeout, staleness,
                text(v, "ATRIUM_SMTP_URL").map(SmtpUrl::parse), emailFrom(v),
                bool(v, "ATRIUM_ALLOW_INSECURE_UPSTREAM_URLS", d.allowInsecureUpstreamUrls()),
                new AtriumConfig.Logs(bool(v, "ATRIUM_LOGS_ENABLED", d.logs().enabled()),
                        integer(v, "ATRIUM_LOG_RETENTION_DAYS", d.logs().retentionDays(), 1, 3650),
                        bool(v, "ATRIUM_ALLOW_INSECURE_LOG_STREAMS", d.logs().allowInsecureStreams()),
                        integer(v, "ATRIUM_LOG_STREAM_BACKOFF_MS", d.logs().streamBackoffMillis(), 50, 600_000),
                        integer(v, "ATRIUM_LOG_STREAM_SUSPEND_AFTER", d.logs().streamSuspendAfter(), 1, 1000)),
                bool(v, "ATRIUM_ALLOW_INSECURE_METADATA_URLS", d.allowInsecureMetadataUrls()));
    }

    /** An address, optionally with a display name: {@code a@b.c} or {@code Name <a@b.c>}. */
    private static Optional<String> emailFrom(Map<String, String> v) {
        Optional<String> from = text(v, "ATRIUM_EMAIL_FROM");
        from.ifPresent(f -> {
            if (!f.matches("[^<>@\\s]+@[^<>@\\s]+") && !f.matches("[^<>\\r\\n]*<[^<>@\\s]+@[^<>@\\s]+>")) {
                throw new ConfigException("ATRIUM_EMAIL_FROM must be an address, optionally with a name: "
                        + "no-reply@example.com or Example <no-reply@example.com>");
            }
        });
        return from;
    }

    private static Optional<String> text(Map<String, String> v, String key) {
        String s = v.get(key);
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    private static int integer(Map<String, String> v, String key, int dflt, int min, int max) {
        Optional<String> s = text(v, key);
        if (s.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(s.get());
            if (n < min || n > max) {
                throw new ConfigException(key + " must be between " + min + " and " + max + " (got " + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number (got '" + s.get() + "')");
        }
    }

    private static boolean bool(Map<String, String> v, String key, boolean dflt) {
        Optional<String> s = text(v, key);
        if (s.isEmpty()) {
            return dflt;
        }
        return switch (s.get().toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(key + " must be true or false (got '" + s.get() + "')");
        };
    }

    private static String issuer(String s) {
        URI uri;
        try {
            uri = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ATRIUM_ISSUER is not a URL: '" + s + "'");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new ConfigException("ATRIUM_ISSUER must be an http(s) URL without query or fragment (got '" + s + "')");
        }
        return s.endsWith("/") ? s : s + "/";
    }
}
