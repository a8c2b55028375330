package dev.atrium;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** operations.md: an unknown or malformed setting stops the start with a one-line error naming it. */
class MainTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8);

    @Test
    void malformedFlagStopsWithOneLineAndExitCode2() {
        int code = Main.run(new String[] {"--port", "nope"}, Map.of(), err);

        assertThat(code).isEqualTo(2);
        assertThat(errLines()).containsExactly("atrium: ATRIUM_PORT must be a whole number (got 'nope')");
    }

    @Test
    void unknownVariableStopsWithOneLineNamingIt() {
        int code = Main.run(new String[0], Map.of("ATRIUM_FOO", "1"), err);

        assertThat(code).isEqualTo(2);
        assertThat(errLines()).singleElement().asString().startsWith("atrium: Unknown setting ATRIUM_FOO");
    }

    @Test
    void startFailureIsReportedOnOneLine() {
        // the shape of Flyway's report when the database refuses connections
        var cause = new IllegalStateException("Connection to 127.0.0.1:1 refused.\n (Connection refused)");
        var e = new RuntimeException("Unable to obtain connection\n-----------\nSQL State  : 08001\n", cause);

        assertThat(Main.rootMessage(e)).isEqualTo(
                "Unable to obtain connection SQL State  : 08001 (Connection to 127.0.0.1:1 refused. (Connection refused))");
    }

    @Test
    void migrateAgainstAnUnreachableDatabaseFailsOnOneLine() {
        int code = Main.run(new String[] {"migrate"},
                Map.of("ATRIUM_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2"), err);
        assertThat(code).isEqualTo(1);
        assertThat(errLines()).singleElement().asString().startsWith("atrium: cannot migrate: ");
    }

    @Test
    void compactRefusesADatabaseThatIsNotAnEmbeddedFileAndNeverCreatesOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        int code = Main.run(new String[] {"compact"}, Map.of("ATRIUM_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none"), err);
        assertThat(code).isEqualTo(2);
        assertThat(errLines()).singleElement().asString().startsWith("atrium: compact works on the embedded database");
        captured.reset();
        java.nio.file.Path missing = dir.resolve("nothing").resolve("atrium");
        code = Main.run(new String[] {"compact"}, Map.of("ATRIUM_DATABASE_URL", "jdbc:h2:file:" + missing), err);
        assertThat(code).isEqualTo(1);
        assertThat(errLines()).singleElement().asString().startsWith("atrium: cannot compact: no database at ");
        assertThat(dir.resolve("nothing")).doesNotExist();
    }

    private String[] errLines() {
        return captured.toString(StandardCharsets.UTF_8).lines().toArray(String[]::new);
    }
}
