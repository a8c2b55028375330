package dev.atrium.keys;

import dev.atrium.common.Ids;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The 256-bit key that protects secrets at rest: it encrypts signing keys (AES-256-GCM) and derives
 * the key of the client-secret hashes. It comes from configuration, or from a key file that the
 * first start creates owner-only from its creation, in a directory it creates owner-only.
 */
public final class MasterKey {
    private final byte[] key;

    private MasterKey(byte[] key) {
        this.key = key.clone();
    }

    public static MasterKey of(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the master key has 32 bytes");
        }
        return new MasterKey(key);
    }

    /** The configured key (base64), else the key in {@code file}, else a new key written to {@code file}. */
    public static MasterKey load(Optional<String> configured, Path file) {
        if (configured.isPresent()) {
            return of(Base64.getDecoder().decode(configured.get()));
        }
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            return create(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }

    private static MasterKey read(Path file) throws IOException {
        return of(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
    }

    /**
     * Writes a fresh key so that no other user can ever read it: the directories it creates are
     * owner-only, the key goes to a temporary file that is owner-only from its creation, and that file
     * is then linked under its final name, which fails rather than replaces when another node won the race.
     */
    private static MasterKey create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] dirAttrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
        FileAttribute<?>[] fileAttrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, dirAttrs);
        }
        byte[] fresh = Ids.randomBytes(32);
        Path tmp = Files.createTempFile(dir, ".atrium-key-", ".tmp", fileAttrs);
        try {
            Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(file.toAbsolutePath(), tmp);
            } catch (FileAlreadyExistsException raced) {
                return read(file);
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, file.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE);
            }
            return of(fresh);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A key for {@code purpose}, derived so that no two uses share key material. */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AES-256-GCM: base64 of a 12-byte nonce followed by the ciphertext and tag. */
    public String encrypt(byte[] plain) {
        try {
            byte[] iv = Ids.randomBytes(12);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(derive("signing-key-encryption"), "AES"), new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(plain);
            byte[] out = Arrays.copyOf(iv, iv.length + ct.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The inverse of {@link #encrypt}; fails when the text was not encrypted under this key. */
    public byte[] decrypt(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(derive("signing-key-encryption"), "AES"),
                    new GCMParameterSpec(128, in, 0, 12));
            return c.doFinal(in, 12, in.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt a signing key: is ATRIUM_ENCRYPTION_KEY (or the key file) the one it was created with?", e);
        }
    }
}
