package dev.atrium.resourceservers;

import dev.atrium.common.InvalidRequestException;

import java.util.Optional;

/** One scope of an API: a value without spaces (at most 280 characters) and an optional description. */
public record ApiScope(String value, Optional<String> description) {
    public static final int MAX_VALUE = 280;

    public ApiScope {
        if (value == null || value.isBlank() || value.length() > MAX_VALUE || value.contains(" ")) {
            throw new InvalidRequestException("scopes", "each scope needs a value without spaces (at most 280 characters)");
        }
    }

    public static ApiScope of(String value, String description) {
        return new ApiScope(value, Optional.of(description));
    }
}
