package dev.atrium.common;

import java.util.function.Supplier;

/**
 * A value made on first use, once, whichever thread asks first (issue 15, start-up): for the parts a
 * server may never need, whose making loads many classes or reads files, such as an HTTP client (its
 * TLS context reads the trust store) or an XML signature library's set-up.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> make;
    private volatile T value;

    private Lazy(Supplier<? extends T> make) {
        this.make = make;
    }

    public static <T> Lazy<T> of(Supplier<? extends T> make) {
        return new Lazy<>(make);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = make.get();
                    value = v;
                }
            }
        }
        return v;
    }
}
