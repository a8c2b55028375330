package dev.atrium.common;

import java.util.function.Supplier;

/**
 * One database transaction around several service calls. Every store call made on the calling
 * thread inside {@link #inTransaction} joins it, so either all of their writes commit or none do:
 * the tenant import relies on this for "a broken file writes nothing".
 */
public interface UnitOfWork {
    /** Runs {@code work} in one transaction; an exception it throws rolls everything back and propagates. */
    <T> T inTransaction(Supplier<T> work);

    /** Runs {@code work} in one transaction and always rolls it back (a dry run sees its own writes, nothing stays). */
    <T> T rolledBack(Supplier<T> work);
}
