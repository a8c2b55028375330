package dev.atrium.users;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/** New hashes are Argon2id; bcrypt hashes imported from elsewhere verify and ask for an upgrade. */
class Argon2PasswordHasherTest {
    private final Argon2PasswordHasher hasher = new Argon2PasswordHasher();

    @Test
    void hashesWithArgon2idAndVerifies() {
        String hash = hasher.hash("Str0ng-Passw0rd!");
        assertThat(hash).startsWith("$argon2id$");
        assertThat(hasher.verify("Str0ng-Passw0rd!", hash)).isTrue();
        assertThat(hasher.verify("str0ng-Passw0rd!", hash)).isFalse();
        assertThat(hasher.needsUpgrade(hash)).isFalse();
        assertThat(hasher.hash("Str0ng-Passw0rd!")).isNotEqualTo(hash);
    }

    @Test
    void verifiesBcryptInEveryPrefixAndAsksForUpgrade() {
        String bcrypt = new BCryptPasswordEncoder(4).encode("imported-Pass1");
        assertThat(bcrypt).startsWith("$2a$");
        for (String hash : new String[]{bcrypt, "{bcrypt}" + bcrypt, "$2b$" + bcrypt.substring(4)}) {
            assertThat(hasher.verify("imported-Pass1", hash)).as(hash).isTrue();
            assertThat(hasher.verify("wrong", hash)).as(hash).isFalse();
            assertThat(hasher.needsUpgrade(hash)).as(hash).isTrue();
        }
    }

    @Test
    void refusesMissingOrUnknownHashes() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "plain-text")).isFalse();
        assertThat(hasher.verify(null, hasher.hash("x"))).isFalse();
        assertThat(hasher.needsUpgrade("plain-text")).isTrue();
    }
}
