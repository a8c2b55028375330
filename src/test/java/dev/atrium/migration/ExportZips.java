package dev.atrium.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A Deploy CLI directory export packed as a zip, as a person would upload it to the dashboard. */
public final class ExportZips {
    private ExportZips() {
    }

    /** {@code dir} packed at {@code zip}, every entry's name starting with {@code prefix} ("" or a folder such as "export/"). */
    public static Path zip(Path dir, Path zip, String prefix) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(prefix + dir.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
            }
        }
        return zip;
    }
}
