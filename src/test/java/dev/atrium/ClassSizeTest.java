package dev.atrium;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** No main class over 500 lines (issue 10): a class that grows past it is split, not waved through. */
class ClassSizeTest {
    static final int LIMIT = 500;

    @Test
    void noMainSourceFileIsOverTheLimit() throws IOException {
        Path main = Path.of("src", "main", "java");
        List<String> over = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(f).size();
                if (lines > LIMIT) {
                    over.add(main.relativize(f) + " (" + lines + " lines)");
                }
            }
        }
        assertThat(over).as("main sources over %d lines; split them", LIMIT).isEmpty();
        assertThat(Files.isDirectory(main.resolve(Path.of("dev", "atrium")))).as("the scan saw the sources").isTrue();
    }
}
