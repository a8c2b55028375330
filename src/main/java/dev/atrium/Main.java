package dev.atrium;

import dev.atrium.config.ConfigException;
import dev.atrium.config.ConfigLoader;
import dev.atrium.keys.CryptoProviders;
import dev.atrium.common.InvalidRequestException;
import dev.atrium.migration.DeployExport;
import dev.atrium.migration.ImportException;
import dev.atrium.migration.ImportReport;
import dev.atrium.storage.Database;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code java -jar atrium.jar [serve|migrate|import PATH [--dry-run]] [--flags]}: reads the configuration, fails fast with one
 * line on a bad setting, and runs the server until SIGTERM. {@code start-training}, run by the start script
 * once per build, is {@link StartTraining}.
 */
public final class Main {
    /** SLF4J's own reports (slf4j-api's {@code Reporter}), read once when it first reports. */
    static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";
    /** The command of the start script's class-data training run; it reads no configuration. */
    static final String START_TRAINING = "start-training";

    private Main() {
    }

    public static void main(String[] args) {
        // Logging is set up by whichever thread logs first, while the crypto thread and the database start overlap
        // (issue 15); lines logged meanwhile are held and then replayed through the configured levels, which SLF4J
        // announced on every start with three lines of warnings. Its own errors still print; an operator can set
        // the property to see its warnings again.
        if (System.getProperty(SLF4J_VERBOSITY) == null) {
            System.setProperty(SLF4J_VERBOSITY, "ERROR");
        }
        if (args.length == 1 && args[0].equals(START_TRAINING)) {
            // the JVM writes its class-data archive on the way out (-XX:ArchiveClassesAtExit)
            System.exit(StartTraining.run(System.err));
        }
        int code = run(args, System.getenv(), System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs one command and returns the exit code: 2 for a bad setting, 1 when the server cannot
     * start, 0 once it serves (its threads keep the process alive until SIGTERM). Every failure is
     * one line on {@code err}.
     */
    static int run(String[] args, Map<String, String> env, PrintStream err) {
        return run(args, env, System.out, err);
    }

    /** As {@link #run(String[], Map, PrintStream)}, with the stream commands print their results on. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        ConfigLoader.Invocation inv;
        try {
            inv = ConfigLoader.load(args, env);
        } catch (ConfigException e) {
            err.println("atrium: " + e.getMessage());
            return 2;
        }
        if (inv.command().equals("migrate")) {
            try (Database db = new Database(inv.config().databaseUrl(), inv.config().databaseUser(), inv.config().databasePassword())) {
                System.out.println("atrium: applied " + db.migrate() + " migration(s)");
            } catch (RuntimeException e) {
                err.println("atrium: cannot migrate: " + rootMessage(e));
                return 1;
            }
            return 0;
        }
        if (inv.command().equals("compact")) {
            return compact(inv.config().databaseUrl(), inv.config().databaseUser(), inv.config().databasePassword(), out, err);
        }
        // the native provider's library load and self-test overlap the database start (issue 15);
        // Atrium.create waits for it before the first key is read
        Thread crypto = new Thread(CryptoProviders::install, "atrium-crypto-init");
        crypto.setDaemon(true);
        crypto.start();
        if (inv.command().equals("import")) {
            return importTenant(inv, out, err);
        }
        Atrium atrium;
        try {
            atrium = Atrium.create(inv.config()).start(HeapTuning::shrink, HeapTuning::settle);
        } catch (RuntimeException e) {
            err.println("atrium: cannot start: " + rootMessage(e));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(atrium::close, "atrium-shutdown"));
        return 0;
    }

    /**
     * {@code compact}: rewrites a stopped embedded database's file without its free pages (H2's {@code SHUTDOWN COMPACT}) and
     * prints the sizes. H2 reuses the pages that deleted rows leave (the housekeeping's, a bulk import's) but never gives
     * them back to the file system while Atrium runs. Exit code 1 when the database is in use or missing (nothing is
     * created), 2 for a database that is not an embedded file.
     */
    static int compact(String url, String user, String password, PrintStream out, PrintStream err) {
        if (!Database.isEmbeddedFile(url)) {
            err.println("atrium: compact works on the embedded database (jdbc:h2:file:…); PostgreSQL gives space back with VACUUM");
            return 2;
        }
        Path file = Database.embeddedFile(url);
        if (!Files.isRegularFile(file)) {
            err.println("atrium: cannot compact: no database at " + file);
            return 1;
        }
        try {
            long before = Files.size(file);
            long t0 = System.nanoTime();
            // IFEXISTS: never a new, empty database; the file lock refuses a database that a running Atrium holds
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(Database.normalise(url) + ";IFEXISTS=TRUE",
                    user, password); java.sql.Statement s = c.createStatement()) {
                s.execute("shutdown compact");
            }
            long after = Files.size(file);
            out.printf(java.util.Locale.ROOT, "atrium: compacted %s: %d KiB before, %d KiB after (%.1f s)%n", file, before >> 10,
                    after >> 10, (System.nanoTime() - t0) / 1e9);
            return 0;
        } catch (java.sql.SQLException e) {
            String why = e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1
                    ? "the database is in use (stop Atrium first)" : rootMessage(e);
            err.println("atrium: cannot compact: " + why);
            return 1;
        } catch (java.io.IOException e) {
            err.println("atrium: cannot compact: " + rootMessage(e));
            return 1;
        }
    }

    /**
     * {@code import PATH [--dry-run]}: builds Atrium on the configured database as {@code serve} would
     * (migrations, keys, bootstrap records) without listening, imports the Deploy CLI export in one
     * transaction and prints the report. Exit code 1 and one line when the export is refused; nothing
     * is written then.
     */
    static int importTenant(ConfigLoader.Invocation inv, PrintStream out, PrintStream err) {
        Path path = Path.of(inv.operands().get(0));
        boolean dryRun = inv.operands().contains("--dry-run");
        DeployExport export;
        try {
            export = DeployExport.read(path);
        } catch (InvalidRequestException | UncheckedIOException e) {
            err.println("atrium: cannot read the export: " + rootMessage(e));
            return 1;
        }
        try (Atrium atrium = Atrium.create(inv.config())) {
            ImportReport report = atrium.migration().tenantImporter().run(export, dryRun);
            out.print(report.render());
            return 0;
        } catch (ImportException e) {
            err.println("atrium: import refused, nothing was written: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("atrium: cannot import: " + rootMessage(e));
            return 1;
        }
    }

    /** The message of {@code e} and of its root cause, on one line. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = e == t ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
        // drivers and Flyway write multi-line reports with rulers; operations.md promises one line
        return message.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.matches("-+"))
                .collect(Collectors.joining(" "));
    }
}
