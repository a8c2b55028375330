package dev.atrium.users;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A core's Argon2 working memory is kept between computations and let go once nobody has used it for a while. */
class Argon2HashesTest {
    private static final int MEMORY_KIB = 1024;

    @Test
    void keepsMemoryBetweenComputationsAndLetsItGoWhenIdle() {
        Argon2Hashes hashes = new Argon2Hashes(MEMORY_KIB, 1, 1, 16, 32, 2, Duration.ofHours(1));
        assertThat(hashes.held()).as("nothing made before the first computation").isZero();
        String hash = hashes.hash("first-Passw0rd");
        assertThat(hashes.held()).isEqualTo(1);
        assertThat(hashes.matches("first-Passw0rd", hash)).isTrue();
        assertThat(hashes.held()).as("the same set was used again").isEqualTo(1);

        long now = System.nanoTime();
        assertThat(hashes.releaseIdle(now)).as("used a moment ago").isZero();
        assertThat(hashes.held()).isEqualTo(1);
        assertThat(hashes.releaseIdle(now + Duration.ofHours(1).toNanos())).isEqualTo(1);
        assertThat(hashes.held()).isZero();

        // the next computation makes its memory again and gives the same results
        assertThat(hashes.matches("first-Passw0rd", hash)).isTrue();
        assertThat(hashes.matches("other-Passw0rd", hash)).isFalse();
        assertThat(hashes.held()).isEqualTo(1);
    }

    @Test
    void theBackgroundReleaserLetsIdleMemoryGo() throws InterruptedException {
        Argon2Hashes hashes = new Argon2Hashes(MEMORY_KIB, 1, 1, 16, 32, 2, Duration.ofMillis(50));
        String hash = hashes.hash("some-Passw0rd");
        assertThat(hashes.matches("some-Passw0rd", hash)).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hashes.held() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hashes.held()).as("let go by the releaser thread").isZero();
        assertThat(hashes.matches("some-Passw0rd", hash)).isTrue();
    }
}
