package dev.atrium.migration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an import did or, in a dry run, would do: one line per object (created, changed, unchanged or
 * skipped, with the reason), the secrets generated for applications Auth0 does not export secrets for,
 * and the objects or properties that could not be carried over.
 */
public final class ImportReport {
    public enum Action { CREATE, CHANGE, UNCHANGED, SKIP }

    public record Line(Action action, String kind, String name, String detail) {
        @Override
        public String toString() {
            String verb = switch (action) {
                case CREATE -> "create   ";
                case CHANGE -> "change   ";
                case UNCHANGED -> "unchanged";
                case SKIP -> "skip     ";
            };
            return verb + " " + kind + " " + name + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /** A secret generated for an imported application: shown once, never stored in clear. */
    public record Secret(String clientName, String clientId, String secret) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<String> notCarried = new ArrayList<>();
    private final List<Secret> secrets = new ArrayList<>();
    private boolean dryRun;
    private long millis;

    void add(Action action, String kind, String name, String detail) {
        lines.add(new Line(action, kind, name, detail));
    }

    void notCarried(String what) {
        notCarried.add(what);
    }

    void secret(Secret s) {
        secrets.add(s);
    }

    void finish(boolean dry, long elapsedMillis) {
        this.dryRun = dry;
        this.millis = elapsedMillis;
    }

    public List<Line> lines() {
        return Collections.unmodifiableList(lines);
    }

    public List<String> notCarriedOver() {
        return Collections.unmodifiableList(notCarried);
    }

    public List<Secret> secrets() {
        return Collections.unmodifiableList(secrets);
    }

    public boolean dryRun() {
        return dryRun;
    }

    public long count(Action action) {
        return lines.stream().filter(l -> l.action() == action).count();
    }

    /** True when nothing would be (or was) created or changed. */
    public boolean noChanges() {
        return count(Action.CREATE) == 0 && count(Action.CHANGE) == 0;
    }

    public long millis() {
        return millis;
    }

    /** The report as the {@code import} command prints it. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(dryRun ? "Dry run: nothing was written. The import would:\n" : "Imported:\n");
        lines.forEach(l -> sb.append("  ").append(l).append('\n'));
        if (!notCarried.isEmpty()) {
            sb.append("Not carried over:\n");
            notCarried.forEach(n -> sb.append("  ").append(n).append('\n'));
        }
        sb.append(String.format("%d to create, %d to change, %d unchanged, %d skipped; %d ms%n", count(Action.CREATE),
                count(Action.CHANGE), count(Action.UNCHANGED), count(Action.SKIP), millis));
        if (!secrets.isEmpty()) {
            sb.append(dryRun ? "Secrets would be generated for these applications (Auth0 does not export them):\n"
                    : "New secrets (Auth0 does not export them; shown this once, update your applications):\n");
            secrets.forEach(s -> sb.append("  ").append(s.clientName()).append("  client_id=").append(s.clientId())
                    .append(dryRun ? "" : "  client_secret=" + s.secret()).append('\n'));
        }
        return sb.toString();
    }
}
