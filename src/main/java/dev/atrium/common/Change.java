package dev.atrium.common;

import java.util.Optional;
import java.util.function.Function;

/**
 * One optional property of a partial update: left as it is ({@link #keep()}), removed
 * ({@link #clear()}, a JSON {@code null}), or set ({@link #to}). An {@code Optional} cannot tell the
 * first two apart.
 */
public record Change<T>(boolean present, Optional<T> value) {
    private static final Change<?> KEEP = new Change<>(false, Optional.empty());

    @SuppressWarnings("unchecked")
    public static <T> Change<T> keep() {
        return (Change<T>) KEEP;
    }

    public static <T> Change<T> clear() {
        return new Change<>(true, Optional.empty());
    }

    public static <T> Change<T> to(T value) {
        return new Change<>(true, Optional.of(value));
    }

    /** {@link #to} when the value is present, else {@link #keep()}. */
    public static <T> Change<T> ifPresent(Optional<T> value) {
        return value.map(Change::to).orElseGet(Change::keep);
    }

    /** The value after the change, given the current one. */
    public Optional<T> applyTo(Optional<T> current) {
        return present ? value : current;
    }

    public <R> Change<R> map(Function<T, R> f) {
        return new Change<>(present, value.map(f));
    }
}
