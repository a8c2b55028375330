package dev.atrium.users;

import dev.atrium.common.Json;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.digests.WhirlpoolDigest;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Verifies passwords against hashes imported from Auth0's user import schema
 * ({@code custom_password_hash}: argon2, bcrypt, pbkdf2, scrypt, hmac, ldap, md4, md5, sha1, sha256,
 * sha512), stored as {@value #PREFIX} followed by that object's JSON, and hands every other hash to
 * Atrium's own hasher. Imported hashes always {@link #needsUpgrade}: the first successful sign-in
 * replaces them with a fresh Argon2id hash. Every comparison of derived bytes is constant-time.
 */
public final class ImportedPasswordHasher implements PasswordHasher {
    /** Marks a stored {@code custom_password_hash}. */
    public static final String PREFIX = "{auth0-custom}";
    public static final Set<String> ALGORITHMS = Set.of("argon2", "bcrypt", "pbkdf2", "scrypt", "hmac", "ldap",
            "md4", "md5", "sha1", "sha256", "sha512");

    private final PasswordHasher delegate;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    /** Reads the parameters from each PHC string, so the constructor's values do not matter for matching. */
    private final Argon2PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    public ImportedPasswordHasher(PasswordHasher delegate) {
        this.delegate = delegate;
    }

    /** The stored form of a {@code custom_password_hash} object, after {@link #check} accepted it. */
    public static String store(ObjectNode customPasswordHash) {
        return PREFIX + Json.write(customPasswordHash);
    }

    /**
     * Checks the shape of a {@code custom_password_hash} object before it is stored, so that a user
     * who could never sign in is reported at import time; returns an error message, or null.
     */
    public static String check(JsonNode custom) {
        if (!(custom instanceof ObjectNode)) {
            return "custom_password_hash must be an object";
        }
        String algorithm = Json.text(custom, "algorithm", "");
        if (!ALGORITHMS.contains(algorithm)) {
            return "custom_password_hash.algorithm " + algorithm + " is not supported (supported: " + String.join(", ",
                    ALGORITHMS.stream().sorted().toList()) + ")";
        }
        String value = custom.at("/hash/value").asString("");
        if (value.isEmpty()) {
            return "custom_password_hash.hash.value is required";
        }
        try {
            switch (algorithm) {
                case "argon2" -> require(value.startsWith("$argon2"), "an argon2 hash.value must be a PHC string ($argon2id$…)");
                case "bcrypt" -> require(value.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}"), "a bcrypt hash.value must be $2a$, $2b$ or $2y$");
                case "pbkdf2" -> pbkdf2Parts(value);
                case "ldap" -> ldapScheme(value);
                case "hmac" -> {
                    digest(custom.at("/hash/digest").asString(""));
                    require(custom.at("/hash/key/value").isString(), "an hmac hash needs hash.key.value");
                    decode(custom.at("/hash/key"), "utf8");
                    decode(custom.get("hash"), "hex");
                }
                case "scrypt" -> {
                    require(custom.at("/salt/value").isString(), "an scrypt hash needs salt.value");
                    decode(custom.get("hash"), "hex");
                }
                default -> decode(custom.get("hash"), "hex");
            }
            JsonNode salt = custom.get("salt");
            if (salt != null && !salt.isNull()) {
                decode(salt, "utf8");
                String position = Json.text(salt, "position", "prefix");
                require(position.equals("prefix") || position.equals("suffix"), "salt.position must be prefix or suffix");
            }
            passwordCharset(custom);
        } catch (IllegalArgumentException e) {
            return "custom_password_hash: " + e.getMessage();
        }
        return null;
    }

    @Override
    public String hash(String password) {
        return delegate.hash(password);
    }

    @Override
    public boolean verify(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        if (!hash.startsWith(PREFIX)) {
            return delegate.verify(password, hash);
        }
        try {
            return verifyCustom(password, Json.parseObject(hash.substring(PREFIX.length())));
        } catch (RuntimeException e) {
            // a stored hash that cannot be read verifies nothing
            return false;
        }
    }

    @Override
    public boolean needsUpgrade(String hash) {
        return hash == null || hash.startsWith(PREFIX) || delegate.needsUpgrade(hash);
    }

    private boolean verifyCustom(String password, ObjectNode custom) {
        String algorithm = Json.text(custom, "algorithm", "");
        String value = custom.at("/hash/value").asString("");
        return switch (algorithm) {
            case "argon2" -> argon2.matches(password, value);
            case "bcrypt" -> bcrypt.matches(password, value);
            case "pbkdf2" -> {
                Pbkdf2 p = pbkdf2Parts(value);
                PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(p.digest().get());
                gen.init(password.getBytes(StandardCharsets.UTF_8), p.salt(), p.iterations());
                byte[] derived = ((KeyParameter) gen.generateDerivedParameters(p.hash().length * 8)).getKey();
                yield MessageDigest.isEqual(derived, p.hash());
            }
            case "ldap" -> verifyLdap(password, value);
            case "scrypt" -> {
                JsonNode h = custom.get("hash");
                byte[] expected = decode(h, "hex");
                int keylen = (int) Json.number(h, "keylen", expected.length);
                byte[] derived = SCrypt.generate(password.getBytes(passwordCharset(custom)), decode(custom.get("salt"), "utf8"),
                        (int) Json.number(h, "cost", 16384), (int) Json.number(h, "blockSize", 8),
                        (int) Json.number(h, "parallelization", 1), keylen);
                yield MessageDigest.isEqual(derived, expected);
            }
            case "hmac" -> {
                HMac mac = new HMac(digest(custom.at("/hash/digest").asString("")).get());
                mac.init(new KeyParameter(decode(custom.at("/hash/key"), "utf8")));
                byte[] message = salted(password, custom);
                mac.update(message, 0, message.length);
                byte[] out = new byte[mac.getMacSize()];
                mac.doFinal(out, 0);
                yield MessageDigest.isEqual(out, decode(custom.get("hash"), "hex"));
            }
            case "md4", "md5", "sha1", "sha256", "sha512" -> {
                Digest d = digest(algorithm).get();
                byte[] message = salted(password, custom);
                d.update(message, 0, message.length);
                byte[] out = new byte[d.getDigestSize()];
                d.doFinal(out, 0);
                yield MessageDigest.isEqual(out, decode(custom.get("hash"), "hex"));
            }
            default -> false;
        };
    }

    /** The password's bytes in its declared encoding, with the salt before or after it. */
    private static byte[] salted(String password, JsonNode custom) {
        byte[] pw = password.getBytes(passwordCharset(custom));
        JsonNode salt = custom.get("salt");
        if (salt == null || salt.isNull()) {
            return pw;
        }
        byte[] s = decode(salt, "utf8");
        boolean suffix = "suffix".equals(Json.text(salt, "position", "prefix"));
        byte[] out = new byte[pw.length + s.length];
        System.arraycopy(suffix ? pw : s, 0, out, 0, suffix ? pw.length : s.length);
        System.arraycopy(suffix ? s : pw, 0, out, suffix ? pw.length : s.length, suffix ? s.length : pw.length);
        return out;
    }

    private static Charset passwordCharset(JsonNode custom) {
        String enc = custom.at("/password/encoding").asString("utf8").toLowerCase(Locale.ROOT);
        return switch (enc) {
            case "utf8", "utf-8" -> StandardCharsets.UTF_8;
            case "utf16le", "utf-16le", "ucs2", "ucs-2" -> StandardCharsets.UTF_16LE;
            case "latin1", "binary" -> StandardCharsets.ISO_8859_1;
            case "ascii" -> StandardCharsets.US_ASCII;
            default -> throw new IllegalArgumentException("password.encoding " + enc + " is not supported");
        };
    }

    /** A {@code {value, encoding}} object's bytes; {@code dflt} when it names no encoding. */
    private static byte[] decode(JsonNode node, String dflt) {
        if (node == null || !node.path("value").isString()) {
            throw new IllegalArgumentException("a value is missing");
        }
        String value = node.get("value").asString();
        String encoding = Json.text(node, "encoding", dflt).toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "hex" -> HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT));
            case "base64" -> Base64.getDecoder().decode(value);
            case "utf8", "utf-8" -> value.getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("encoding " + encoding + " is not supported");
        };
    }

    private static Supplier<Digest> digest(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "md4" -> MD4Digest::new;
            case "md5" -> MD5Digest::new;
            case "sha1" -> SHA1Digest::new;
            case "sha224" -> SHA224Digest::new;
            case "sha256" -> SHA256Digest::new;
            case "sha384" -> SHA384Digest::new;
            case "sha512" -> SHA512Digest::new;
            case "ripemd160" -> RIPEMD160Digest::new;
            case "whirlpool" -> WhirlpoolDigest::new;
            default -> throw new IllegalArgumentException("digest " + name + " is not supported");
        };
    }

    private record Pbkdf2(Supplier<Digest> digest, int iterations, byte[] salt, byte[] hash) {
    }

    /** {@code $pbkdf2-<digest>$i=<iterations>,l=<length>$<salt>$<hash>}, salt and hash in (adapted) base64. */
    private static Pbkdf2 pbkdf2Parts(String value) {
        String[] parts = value.split("\\$");
        require(parts.length == 5 && parts[1].startsWith("pbkdf2"), "a pbkdf2 hash.value must be a PHC string ($pbkdf2-sha256$i=…,l=…$salt$hash)");
        String digestName = parts[1].equals("pbkdf2") ? "sha1" : parts[1].substring("pbkdf2-".length());
        int iterations = -1;
        for (String param : parts[2].split(",")) {
            if (param.startsWith("i=")) {
                iterations = Integer.parseInt(param.substring(2));
            }
        }
        require(iterations > 0, "a pbkdf2 hash.value needs i=<iterations>");
        return new Pbkdf2(digest(digestName), iterations, b64(parts[3]), b64(parts[4]));
    }

    private static byte[] b64(String s) {
        String std = s.replace('.', '+');
        return Base64.getDecoder().decode(std.replace("=", "") + "==".substring(0, (4 - std.replace("=", "").length() % 4) % 4));
    }

    private record Ldap(Supplier<Digest> digest, boolean salted, byte[] bytes) {
    }

    /** RFC 2307 {@code {SCHEME}base64}: SHA, SSHA, MD5, SMD5, SHA256, SSHA256, SHA384, SSHA384, SHA512, SSHA512. */
    private static Ldap ldapScheme(String value) {
        require(value.startsWith("{") && value.indexOf('}') > 1, "an ldap hash.value must start with {SCHEME}");
        String scheme = value.substring(1, value.indexOf('}')).toUpperCase(Locale.ROOT);
        byte[] bytes = Base64.getDecoder().decode(value.substring(value.indexOf('}') + 1));
        boolean salted = scheme.startsWith("S") && !scheme.equals("SHA") && !scheme.startsWith("SHA");
        String base = salted ? scheme.substring(1) : scheme;
        Supplier<Digest> d = switch (base) {
            case "SHA" -> SHA1Digest::new;
            case "MD5" -> MD5Digest::new;
            case "SHA256" -> SHA256Digest::new;
            case "SHA384" -> SHA384Digest::new;
            case "SHA512" -> SHA512Digest::new;
            default -> throw new IllegalArgumentException("ldap scheme {" + scheme + "} is not supported");
        };
        require(bytes.length >= d.get().getDigestSize() + (salted ? 1 : 0) && (salted || bytes.length == d.get().getDigestSize()),
                "the ldap hash has the wrong length for {" + scheme + "}");
        return new Ldap(d, salted, bytes);
    }

    private static boolean verifyLdap(String password, String value) {
        Ldap l = ldapScheme(value);
        Digest d = l.digest().get();
        int size = d.getDigestSize();
        byte[] expected = Arrays.copyOf(l.bytes(), size);
        byte[] salt = Arrays.copyOfRange(l.bytes(), size, l.bytes().length);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        d.update(pw, 0, pw.length);
        d.update(salt, 0, salt.length);
        byte[] out = new byte[size];
        d.doFinal(out, 0);
        return MessageDigest.isEqual(out, expected);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
