package dev.atrium.storage;

import dev.atrium.common.UnitOfWork;
import org.jdbi.v3.core.Jdbi;

import java.util.function.Supplier;

/**
 * {@link UnitOfWork} on JDBI: the stores open their handles with {@code jdbi.withHandle},
 * {@code useHandle} and {@code inTransaction}, and JDBI hands a thread the handle already open on it,
 * so every store call made inside {@link #inTransaction} runs on the one handle and its transaction
 * (a nested {@code inTransaction} joins instead of committing).
 */
public final class JdbiUnitOfWork implements UnitOfWork {
    private final Jdbi jdbi;

    public JdbiUnitOfWork(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return jdbi.inTransaction(h -> work.get());
    }

    @Override
    public <T> T rolledBack(Supplier<T> work) {
        return jdbi.inTransaction(h -> {
            try {
                return work.get();
            } finally {
                h.rollback();
            }
        });
    }
}
