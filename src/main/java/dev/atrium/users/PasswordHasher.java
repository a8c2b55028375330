package dev.atrium.users;

/**
 * Password hashing: Argon2id for new hashes; imported bcrypt hashes still verify and report that
 * they need an upgrade.
 */
public interface PasswordHasher {
    String hash(String password);

    boolean verify(String password, String hash);

    /** True when {@code hash} should be replaced by a fresh Argon2id hash after a successful login. */
    boolean needsUpgrade(String hash);
}
