package dev.atrium.migration;

import dev.atrium.common.Json;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.generators.SCrypt;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Users files in Auth0's bulk import schema for the tests, with a hash of each supported family
 * computed here independently of {@code ImportedPasswordHasher} (JDK digests and MACs, JDK PBKDF2,
 * Spring's bcrypt and Argon2), and the multipart request that uploads one.
 */
public final class UsersFiles {
    private UsersFiles() {
    }

    /** One user per hash family: email local part → the user object; every password is "pw-" + family. */
    public static Map<String, ObjectNode> everyFamily(String domain) throws Exception {
        Map<String, ObjectNode> users = new LinkedHashMap<>();
        users.put("bcrypt-plain", user("bcrypt-plain", domain).put("password_hash", new BCryptPasswordEncoder(10).encode("pw-bcrypt-plain")));
        users.put("argon2", custom("argon2", domain, "argon2",
                hash(new Argon2PasswordEncoder(16, 32, 1, 8192, 2).encode("pw-argon2"), "utf8"), null));
        users.put("bcrypt", custom("bcrypt", domain, "bcrypt", hash(new BCryptPasswordEncoder(8).encode("pw-bcrypt"), "utf8"), null));
        byte[] pbSalt = "NaCl-pbkdf2-salt".getBytes(StandardCharsets.UTF_8);
        byte[] pb = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("pw-pbkdf2".toCharArray(), pbSalt, 10000, 256)).getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        users.put("pbkdf2", custom("pbkdf2", domain, "pbkdf2",
                hash("$pbkdf2-sha256$i=10000,l=32$" + b64.encodeToString(pbSalt) + "$" + b64.encodeToString(pb), "utf8"), null));
        byte[] scSalt = "scrypt-salt".getBytes(StandardCharsets.UTF_8);
        byte[] sc = SCrypt.generate("pw-scrypt".getBytes(StandardCharsets.UTF_8), scSalt, 1024, 8, 1, 32);
        ObjectNode scHash = hash(HexFormat.of().formatHex(sc), "hex").put("keylen", 32).put("cost", 1024).put("blockSize", 8)
                .put("parallelization", 1);
        users.put("scrypt", custom("scrypt", domain, "scrypt", scHash, salt("scrypt-salt", "utf8", "prefix")));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("hmac-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] hm = mac.doFinal(("pw-hmac" + "pepper").getBytes(StandardCharsets.UTF_8));
        ObjectNode hmHash = hash(Base64.getEncoder().encodeToString(hm), "base64").put("digest", "sha256");
        hmHash.set("key", Json.object().put("value", "hmac-key").put("encoding", "utf8"));
        users.put("hmac", custom("hmac", domain, "hmac", hmHash, salt("pepper", "utf8", "suffix")));
        byte[] sshaSalt = {1, 2, 3, 4, 5, 6, 7, 8};
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update("pw-ldap".getBytes(StandardCharsets.UTF_8));
        sha1.update(sshaSalt);
        byte[] ssha = concat(sha1.digest(), sshaSalt);
        users.put("ldap", custom("ldap", domain, "ldap", hash("{SSHA}" + Base64.getEncoder().encodeToString(ssha), "utf8"), null));
        MD4Digest md4 = new MD4Digest();
        byte[] md4In = "pw-md4".getBytes(StandardCharsets.UTF_16LE);
        md4.update(md4In, 0, md4In.length);
        byte[] md4Out = new byte[16];
        md4.doFinal(md4Out, 0);
        ObjectNode md4User = custom("md4", domain, "md4", hash(HexFormat.of().formatHex(md4Out), "hex"), null);
        ((ObjectNode) md4User.get("custom_password_hash")).set("password", Json.object().put("encoding", "utf16le"));
        users.put("md4", md4User);
        users.put("md5", custom("md5", domain, "md5", hash(hex("MD5", "0a0b" , "pw-md5", true), "hex"), salt("0a0b", "hex", "prefix")));
        users.put("sha1", custom("sha1", domain, "sha1", hash(b64("SHA-1", "pw-sha1"), "base64"), null));
        users.put("sha256", custom("sha256", domain, "sha256", hash(hex("SHA-256", "c2FsdA==", "pw-sha256", false), "hex"),
                salt("c2FsdA==", "base64", "suffix")));
        users.put("sha512", custom("sha512", domain, "sha512", hash(b64("SHA-512", "pw-sha512"), "base64"), null));
        return users;
    }

    static ObjectNode user(String local, String domain) {
        return Json.object().put("email", local + "@" + domain).put("email_verified", true).put("name", "User " + local);
    }

    static ObjectNode custom(String local, String domain, String algorithm, ObjectNode hash, ObjectNode salt) {
        ObjectNode u = user(local, domain);
        ObjectNode c = u.putObject("custom_password_hash");
        c.put("algorithm", algorithm);
        c.set("hash", hash);
        if (salt != null) {
            c.set("salt", salt);
        }
        return u;
    }

    static ObjectNode hash(String value, String encoding) {
        return Json.object().put("value", value).put("encoding", encoding);
    }

    static ObjectNode salt(String value, String encoding, String position) {
        return Json.object().put("value", value).put("encoding", encoding).put("position", position);
    }

    private static String hex(String alg, String encodedSalt, String password, boolean hexSalt) throws Exception {
        byte[] s = hexSalt ? HexFormat.of().parseHex(encodedSalt) : Base64.getDecoder().decode(encodedSalt);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        MessageDigest d = MessageDigest.getInstance(alg);
        // md5 test salt is a prefix, sha256 test salt a suffix
        byte[] input = hexSalt ? concat(s, pw) : concat(pw, s);
        return HexFormat.of().formatHex(d.digest(input));
    }

    private static String b64(String alg, String password) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(alg).digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Writes {@code n} users (no password) as a JSON array, streaming; returns the file. */
    public static Path generate(Path file, long n, String domain) throws IOException {
        return generate(file, n, domain, 0);
    }

    /** As {@link #generate(Path, long, String)}, each user with a {@code user_metadata.notes} of {@code padding} characters. */
    public static Path generate(Path file, long n, String domain, int padding) throws IOException {
        String notes = padding > 0 ? ",\"user_metadata\":{\"notes\":\"" + "n".repeat(padding) + "\"}" : "";
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("[\n");
            for (long i = 0; i < n; i++) {
                w.write("{\"email\":\"user" + i + "@" + domain + "\",\"email_verified\":true,\"user_id\":\"u" + i
                        + "\",\"given_name\":\"Given" + i + "\",\"family_name\":\"Family\",\"app_metadata\":{\"plan\":\"basic\"}"
                        + notes + "}");
                w.write(i + 1 < n ? ",\n" : "\n");
            }
            w.write("]\n");
        }
        return file;
    }

    /** A multipart/form-data POST of a users file with Auth0's form fields. */
    public static HttpRequest upload(String url, String token, Path users, Map<String, String> fields) throws IOException {
        String boundary = "----atrium" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        for (var f : fields.entrySet()) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"users\"; filename=\"users.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArrays(parts),
                HttpRequest.BodyPublishers.ofFile(users),
                HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body).build();
    }
}
