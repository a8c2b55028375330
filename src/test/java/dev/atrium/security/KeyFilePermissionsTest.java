package dev.atrium.security;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Attack: another local user reads the generated encryption key (it decrypts every signing key)
 * in the window between its creation and a later chmod, or through a world-readable data directory.
 * The key file and the directories created for it must be owner-only from the start.
 */
class KeyFilePermissionsTest {
    @TempDir
    Path tmp;

    @Test
    void theGeneratedKeyFileAndItsDataDirectoryAreOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path dataDir = tmp.resolve("data").resolve("nested");
        Path keyFile = dataDir.resolve("atrium.key");

        try (TestAtrium atrium = new TestAtrium(c -> c.withKeyFile(keyFile)).start()) {
            assertThat(atrium.get("/health").status()).isEqualTo(200);
            assertThat(PosixFilePermissions.toString(perms(keyFile))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(perms(dataDir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(perms(dataDir.getParent()))).isEqualTo("rwx------");
            // no temporary copy of the key is left behind
            try (var files = Files.list(dataDir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("atrium.key");
            }
        }
    }

    @Test
    void theEmbeddedDatabaseDirectoryIsCreatedOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path dbDir = tmp.resolve("db").resolve("nested");
        String url = "jdbc:h2:file:" + dbDir.resolve("atrium");
        try (TestAtrium atrium = new TestAtrium(c -> c.withKeyFile(tmp.resolve("key").resolve("atrium.key"))
                .withDatabase(url, "", "")).start()) {
            assertThat(atrium.get("/health").status()).isEqualTo(200);
            assertThat(PosixFilePermissions.toString(perms(dbDir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(perms(dbDir.getParent()))).isEqualTo("rwx------");
            try (var files = Files.list(dbDir)) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("atrium."));
            }
        }
    }

    @Test
    void aSecondStartReadsTheSameKeyInsteadOfReplacingIt() throws Exception {
        Path keyFile = tmp.resolve("k").resolve("atrium.key");
        try (TestAtrium first = new TestAtrium(c -> c.withKeyFile(keyFile)).start()) {
            assertThat(first.get("/health").status()).isEqualTo(200);
        }
        String key = Files.readString(keyFile);
        try (TestAtrium second = new TestAtrium(c -> c.withKeyFile(keyFile)).start()) {
            assertThat(second.get("/health").status()).isEqualTo(200);
        }
        assertThat(Files.readString(keyFile)).isEqualTo(key);
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> perms(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
