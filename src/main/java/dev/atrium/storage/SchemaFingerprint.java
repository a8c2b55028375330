package dev.atrium.storage;

import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Lets a start-up skip Flyway when the database is already at this build's schema (issue 15: Flyway's
 * class loading, classpath scan and validation were the largest part of a start on an existing
 * database). The fingerprint is a SHA-256 over the name and bytes of every resource under
 * {@code db/migration} on the class path and of every Java migration's class file; it is stored after
 * Flyway finished without error, so a database whose recorded fingerprint equals this build's has run
 * exactly these migrations, and Flyway would have nothing to do.
 *
 * <p>Anything else (no table yet, another build's fingerprint, a changed migration file, an
 * unreadable class path) runs Flyway as before, which migrates or fails exactly as it always did. Two
 * builds sharing one database overwrite each other's fingerprint; each then simply runs Flyway on its
 * next start.
 */
final class SchemaFingerprint {
    static final String LOCATION = "db/migration";

    private SchemaFingerprint() {
    }

    /** This build's fingerprint, or empty when the migrations cannot be enumerated (then Flyway runs). */
    static Optional<String> of(ClassLoader loader, List<Class<?>> javaMigrations) {
        try {
            TreeMap<String, byte[]> files = new TreeMap<>();
            Enumeration<URL> roots = loader.getResources(LOCATION);
            while (roots.hasMoreElements()) {
                collect(roots.nextElement(), files);
            }
            for (Class<?> c : javaMigrations) {
                String name = c.getName().replace('.', '/') + ".class";
                try (InputStream in = loader.getResourceAsStream(name)) {
                    if (in == null) {
                        return Optional.empty();
                    }
                    files.put(name, in.readAllBytes());
                }
            }
            if (files.isEmpty()) {
                return Optional.empty();
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (var e : files.entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Integer.toString(e.getValue().length).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(e.getValue());
            }
            return Optional.of(HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void collect(URL root, TreeMap<String, byte[]> files) throws IOException, URISyntaxException {
        if (root.getProtocol().equals("file")) {
            Path dir = Path.of(root.toURI());
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.filter(Files::isRegularFile).toList()) {
                    files.put(LOCATION + "/" + dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
        } else if (root.getProtocol().equals("jar")) {
            JarURLConnection connection = (JarURLConnection) root.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (!entry.isDirectory() && entry.getName().startsWith(LOCATION + "/")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            files.put(entry.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        } else {
            throw new IOException("cannot list " + root);
        }
    }

    /** The fingerprint recorded on this database, empty when none is (or the table does not exist yet). */
    static Optional<String> stored(Jdbi jdbi) {
        try {
            return jdbi.withHandle(h -> h.createQuery("select fingerprint from schema_fingerprint where id = 1")
                    .mapTo(String.class).findOne());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Records {@code fingerprint} after Flyway finished without error. */
    static void store(Jdbi jdbi, String fingerprint) {
        jdbi.useTransaction(h -> {
            h.createUpdate("delete from schema_fingerprint").execute();
            h.createUpdate("insert into schema_fingerprint (id, fingerprint, recorded_at) values (1, :f, :at)")
                    .bind("f", fingerprint).bind("at", Timestamp.from(Instant.now())).execute();
        });
    }
}
