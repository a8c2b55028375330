package dev.atrium.migration;

import dev.atrium.common.InvalidRequestException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A Deploy CLI export in the directory format, packed as one {@code .zip} (how a browser uploads a folder to the
 * dashboard's Import page, and accepted by {@code atrium import} too). It is unpacked into a fresh directory beside
 * the file, read as a directory export, and removed again.
 *
 * <p>The archive comes from whoever holds an administrator's session, so it is unpacked defensively: an entry whose
 * name is absolute, holds a {@code ..} segment, a backslash or a drive letter is refused (nothing is written outside
 * the fresh directory); the uncompressed size is counted as the bytes come, not taken from the headers, and stops at
 * {@link #MAX_BYTES}; at most {@link #MAX_ENTRIES} entries. The export may sit at the archive's root or inside one
 * top-level folder.
 */
final class ZippedExport {
    static final long MAX_BYTES = 64L * 1024 * 1024;
    static final int MAX_ENTRIES = 10_000;
    private static final byte[] MAGIC = {'P', 'K', 3, 4};

    private ZippedExport() {
    }

    /** Whether {@code file} starts as a zip archive does. */
    static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(MAGIC.length);
            return java.util.Arrays.equals(head, MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    static DeployExport read(Path zip) {
        Path dir;
        try {
            dir = Files.createTempDirectory(zip.toAbsolutePath().getParent(), ".unzipped-");
        } catch (IOException beside) {
            try {
                dir = Files.createTempDirectory("atrium-import-"); // the archive's folder is not writable
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            unpack(zip, dir);
            return DeployExport.readDirectory(root(dir, zip));
        } finally {
            delete(dir);
        }
    }

    private static void unpack(Path zip, Path dir) {
        String name = zip.getFileName().toString();
        long total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            byte[] buffer = new byte[8192];
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (++entries > MAX_ENTRIES) {
                    throw refused(name, "more than " + MAX_ENTRIES + " entries");
                }
                Path target = target(dir, e.getName(), name);
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        total += n;
                        if (total > MAX_BYTES) {
                            throw refused(name, "more than " + (MAX_BYTES >> 20) + " MiB once unpacked");
                        }
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (ZipException e) {
            throw refused(name, "not a valid zip archive (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (entries == 0) {
            throw refused(name, "not a zip archive with files in it");
        }
    }

    /** Where entry {@code entry} goes inside {@code dir}; refuses any name that would lead elsewhere. */
    static Path target(Path dir, String entry, String archive) {
        if (entry.isEmpty() || entry.startsWith("/") || entry.contains("\\") || entry.contains("\0")
                || entry.matches("^[A-Za-z]:.*")) {
            throw refused(archive, "entry \"" + entry + "\" has a name that is not a relative path");
        }
        for (String segment : entry.split("/")) {
            if (segment.equals("..")) {
                throw refused(archive, "entry \"" + entry + "\" points outside the archive");
            }
        }
        Path target = dir.resolve(entry).normalize();
        if (!target.startsWith(dir)) {
            throw refused(archive, "entry \"" + entry + "\" points outside the archive");
        }
        return target;
    }

    /** The unpacked directory itself when the export sits at its root, else its only top-level folder. */
    private static Path root(Path dir, Path zip) {
        if (looksLikeExport(dir)) {
            return dir;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> top = s.filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().equals("__MACOSX"))
                    .toList();
            if (top.size() == 1 && Files.isDirectory(top.get(0)) && looksLikeExport(top.get(0))) {
                return top.get(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw refused(zip.getFileName().toString(), "no Deploy CLI directory export in it (expected tenant.json or folders "
                + "such as clients/ at its root or in one top-level folder)");
    }

    private static boolean looksLikeExport(Path dir) {
        // tenant.json, or any of the folders a directory export is read from
        return Files.isRegularFile(dir.resolve("tenant.json"))
                || DeployExport.YAML_KEYS.values().stream().anyMatch(n -> Files.isDirectory(dir.resolve(n)));
    }

    private static InvalidRequestException refused(String archive, String why) {
        return new InvalidRequestException("zip", archive + ": " + why);
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder; nothing reads it
        }
    }
}
