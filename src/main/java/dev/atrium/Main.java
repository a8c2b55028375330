package dev.atrium;

import dev.atrium.config.ConfigException;
import dev.atrium.config.ConfigLoader;
import dev.atrium.keys.CryptoProviders;
import dev.atrium.storage.Database;

import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code java -jar atrium.jar [serve|migrate] [--flags]}: reads the configuration, fails fast with one
 * line on a bad setting, and runs the server until SIGTERM.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
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
        // the native provider's library load and self-test overlap the database start (issue 15);
        // Atrium.create waits for it before the first key is read
        Thread crypto = new Thread(CryptoProviders::install, "atrium-crypto-init");
        crypto.setDaemon(true);
        crypto.start();
        Atrium atrium;
        try {
            atrium = Atrium.create(inv.config()).start();
        } catch (RuntimeException e) {
            err.println("atrium: cannot start: " + rootMessage(e));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(atrium::close, "atrium-shutdown"));
        HeapTuning.applyInBackground();
        return 0;
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
