package dev.atrium;

import dev.atrium.support.TestAtrium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16: {@code atrium import PATH [--dry-run]} on the configured database, as {@code migrate} uses it. */
class ImportCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private Map<String, String> env() {
        return Map.of("ATRIUM_DATABASE_URL", "jdbc:h2:file:" + tmp.resolve("db/atrium").toAbsolutePath(),
                "ATRIUM_ENCRYPTION_KEY", TestAtrium.ENCRYPTION_KEY);
    }

    private int run(String... args) {
        outBytes.reset();
        errBytes.reset();
        return Main.run(args, env(), out, err);
    }

    @Test
    void dryRunThenImportThenNothingLeftToDo() {
        String export = "src/test/resources/auth0-export/tenant.yaml";
        assertThat(run("import", export, "--dry-run")).isEqualTo(0);
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("Dry run: nothing was written", "create    client Acme Web")
                .doesNotContain("client_secret=");

        // the dry run left the database as it was: the real run still creates everything
        assertThat(run("import", export)).isEqualTo(0);
        String imported = outBytes.toString(StandardCharsets.UTF_8);
        assertThat(imported).contains("Imported:", "create    client Acme Web (id kept)", "create    organization globex (id kept)",
                "Not carried over:", "actions: no counterpart in Atrium", "client_id=AcmeWeb0123456789abcdefghijklmno  client_secret=");

        assertThat(run("import", export)).isEqualTo(0);
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("0 to create, 0 to change");
    }

    @Test
    void aRefusedObjectStopsTheImportOnOneLineAndWritesNothing() throws IOException {
        Path broken = tmp.resolve("tenant.yaml");
        Files.writeString(broken, Files.readString(Path.of("src/test/resources/auth0-export/tenant.yaml"))
                .replace("- name: Admin", "- name: ''"));
        assertThat(run("import", broken.toString())).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .startsWith("atrium: import refused, nothing was written: roles/: ");
        // nothing was written: the good export still creates every application
        assertThat(run("import", "src/test/resources/auth0-export/directory", "--dry-run")).isEqualTo(0);
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("create    client Acme Web", "create    api Orders API");
    }

    @Test
    void aMissingExportOrPathIsOneLine() {
        assertThat(run("import", tmp.resolve("nothing-here").toString())).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).startsWith("atrium: cannot read the export: No Deploy CLI export at");
        assertThat(run("import")).isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).startsWith("atrium: import needs the path");
    }
}
