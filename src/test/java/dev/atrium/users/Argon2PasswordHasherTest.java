package dev.atrium.users;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    @Test
    void readsAndWritesTheSameHashesAsSpringSecurity() {
        // hashes stored by earlier builds (Spring Security's encoder) still verify, and ours verify there
        Argon2PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
        String theirs = spring.encode("Säme-Pässwörd-1");
        assertThat(hasher.verify("Säme-Pässwörd-1", theirs)).isTrue();
        assertThat(hasher.verify("Same-Password-1", theirs)).isFalse();
        assertThat(hasher.needsUpgrade(theirs)).isFalse();
        String ours = hasher.hash("Säme-Pässwörd-1");
        assertThat(spring.matches("Säme-Pässwörd-1", ours)).isTrue();
        assertThat(spring.matches("Säme-Pässwörd-2", ours)).isFalse();
        // other parameters and types in a stored hash are honoured; weaker ones ask for an upgrade
        String weaker = new Argon2PasswordEncoder(16, 32, 1, 8 * 1024, 1).encode("old-Passw0rd");
        assertThat(hasher.verify("old-Passw0rd", weaker)).isTrue();
        assertThat(hasher.needsUpgrade(weaker)).isTrue();
        String stronger = new Argon2PasswordEncoder(16, 32, 2, 32 * 1024, 3).encode("new-Passw0rd");
        assertThat(hasher.verify("new-Passw0rd", stronger)).isTrue();
        assertThat(hasher.needsUpgrade(stronger)).isFalse();
    }

    @Test
    void refusesMalformedOrAbsurdArgon2Strings() {
        String good = hasher.hash("x");
        String[] bad = {
                good.replace("$argon2id$", "$argon2x$"),
                good.replace("m=19456", "m=99999999"), // a stored hash may not ask for gigabytes
                good.replace("m=19456", "m=1048577"),
                good.replace("t=2", "t=0"),
                good.replace("t=2", "t=17"),
                good.replace("v=19", "v=7"),
                good.substring(0, good.lastIndexOf('$')),
                good.replace("m=19456,t=2,p=1", "m=19456,t=2,p=1,q=3"),
                good + "$extra",
                "$argon2id$v=19$m=19456,t=2,p=1$!!!$!!!"};
        for (String hash : bad) {
            assertThat(hasher.verify("x", hash)).as(hash).isFalse();
            assertThat(hasher.needsUpgrade(hash)).as(hash).isTrue();
        }
    }

    @Test
    void manyConcurrentChecksShareTheMemoryAndAllAnswerRight() throws Exception {
        String hash = hasher.hash("concurrent-Passw0rd");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> right = new ArrayList<>();
            List<Future<Boolean>> wrong = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                right.add(pool.submit(() -> hasher.verify("concurrent-Passw0rd", hash)));
                wrong.add(pool.submit(() -> hasher.verify("concurrent-Passw0rd?", hash)));
            }
            for (int i = 0; i < 8; i++) {
                assertThat(right.get(i).get()).isTrue();
                assertThat(wrong.get(i).get()).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
