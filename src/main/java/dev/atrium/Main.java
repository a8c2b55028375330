package dev.atrium;

import dev.atrium.config.ConfigException;
import dev.atrium.config.ConfigLoader;
import dev.atrium.keys.CryptoProviders;
import dev.atrium.storage.Database;

/**
 * {@code java -jar atrium.jar [serve|migrate] [--flags]}: reads the configuration, fails fast with one
 * line on a bad setting, and runs the server until SIGTERM.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ConfigLoader.Invocation inv;
        try {
            inv = ConfigLoader.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("atrium: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (inv.command().equals("migrate")) {
            try (Database db = new Database(inv.config().databaseUrl(), inv.config().databaseUser(), inv.config().databasePassword())) {
                System.out.println("atrium: applied " + db.migrate() + " migration(s)");
            }
            return;
        }
        CryptoProviders.install();
        Atrium atrium;
        try {
            atrium = Atrium.create(inv.config()).start();
        } catch (RuntimeException e) {
            System.err.println("atrium: cannot start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(atrium::close, "atrium-shutdown"));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return e == t ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
