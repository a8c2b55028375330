package dev.atrium.connections;

import java.util.Locale;
import java.util.Optional;

/**
 * Auth0's password strength levels for database connections ({@code options.passwordPolicy}),
 * checked when a password is set. Character classes are lower case, upper case, digits and
 * anything else (special characters).
 *
 * <p>Specification: Auth0 "Password Strength in Auth0 Database Connections".
 */
public enum PasswordPolicy {
    NONE(1, 0, false),
    LOW(6, 0, false),
    FAIR(8, 0, false),
    GOOD(8, 3, false),
    EXCELLENT(10, 3, true);

    private final int minLength;
    private final int minClasses;
    private final boolean limitRepeats;

    PasswordPolicy(int minLength, int minClasses, boolean limitRepeats) {
        this.minLength = minLength;
        this.minClasses = minClasses;
        this.limitRepeats = limitRepeats;
    }

    /** The level named by {@code passwordPolicy}; empty for a name Auth0 does not define. */
    public static Optional<PasswordPolicy> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (PasswordPolicy p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The value of {@code passwordPolicy} for this level. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean accepts(String password) {
        if (password == null || password.codePointCount(0, password.length()) < minLength) {
            return false;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean special = false;
        int run = 0;
        int previous = -1;
        for (int i = 0; i < password.length(); ) {
            int c = password.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                special = true;
            }
            run = c == previous ? run + 1 : 1;
            previous = c;
            if (limitRepeats && run > 2) {
                return false;
            }
        }
        if (this == FAIR) {
            // fair is the one level that names its classes instead of counting them
            return lower && upper && digit;
        }
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (special ? 1 : 0);
        return classes >= minClasses;
    }
}
