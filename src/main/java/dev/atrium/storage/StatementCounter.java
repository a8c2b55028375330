package dev.atrium.storage;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the SQL statements this node sends, for the benchmark's statements-per-operation figures and
 * the capacity model of the README (issue 15, goal 7). Off unless the JVM is started with
 * {@code -Datrium.debug.statements=<file>}: then every executed statement (a batch counts once) adds
 * one, and a daemon thread rewrites {@code <file>} with the running total every 100 ms and at exit.
 * Transaction boundaries (commit, rollback) are not statements here; the model counts them apart.
 * Nothing is installed when the property is absent, so production pays nothing.
 */
final class StatementCounter implements SqlLogger {
    static final String PROPERTY = "atrium.debug.statements";
    private final LongAdder executed = new LongAdder();

    /** Installs the counter on {@code jdbi} when {@value #PROPERTY} names a file; returns it, or null. */
    static StatementCounter installIfAsked(Jdbi jdbi) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return null;
        }
        StatementCounter counter = new StatementCounter();
        jdbi.setSqlLogger(counter);
        Path target = Path.of(file);
        Thread writer = new Thread(() -> {
            while (true) {
                counter.writeTo(target);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "atrium-statement-counter");
        writer.setDaemon(true);
        writer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> counter.writeTo(target), "atrium-statement-counter-exit"));
        return counter;
    }

    /** Counts a statement sent on a connection Jdbi opened but not through its statements (a plain JDBC batch). */
    static void countOutsideJdbi(Jdbi jdbi) {
        if (jdbi.getConfig(SqlStatements.class).getSqlLogger() instanceof StatementCounter counter) {
            counter.executed.increment();
        }
    }

    long total() {
        return executed.sum();
    }

    @Override
    public void logAfterExecution(StatementContext context) {
        executed.increment();
    }

    @Override
    public void logException(StatementContext context, SQLException ex) {
        executed.increment();
    }

    private void writeTo(Path target) {
        try {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(total()), StandardCharsets.US_ASCII);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a diagnostic file only: the next round tries again
        }
    }
}
