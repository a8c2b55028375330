package dev.atrium.logs;

import dev.atrium.common.InvalidRequestException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rules of a log stream's own values, shared by {@link NewLogStream} and {@link LogStreamPatch}. */
public final class LogStreamRules {
    public static final int MAX_NAME = 200;
    public static final int MAX_ENDPOINT = 1000;
    public static final int MAX_AUTHORIZATION = 2000;
    public static final int MAX_FILTERS = 50;

    private LogStreamRules() {
    }

    static String name(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw badName();
        }
        return name;
    }

    public static InvalidRequestException badName() {
        return new InvalidRequestException("name", "name must be a string of 1 to " + MAX_NAME + " characters");
    }

    /** The length rule; whether the address may be reached is {@link StreamEndpoints}'s to say. */
    static String endpoint(String url) {
        if (url == null || url.length() > MAX_ENDPOINT) {
            throw badEndpoint();
        }
        return url;
    }

    public static InvalidRequestException badEndpoint() {
        return new InvalidRequestException("sink", "sink.httpEndpoint is required (a URL of at most " + MAX_ENDPOINT + " characters)");
    }

    static String format(String format) {
        if (format == null || !LogStream.FORMATS.contains(format)) {
            throw badFormat();
        }
        return format;
    }

    public static InvalidRequestException badFormat() {
        return new InvalidRequestException("sink", "sink.httpContentFormat must be one of " + String.join(", ", LogStream.FORMATS));
    }

    /** A header value; the empty one means none. */
    static Optional<String> authorization(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > MAX_AUTHORIZATION || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw badAuthorization();
        }
        return Optional.of(value);
    }

    public static InvalidRequestException badAuthorization() {
        return new InvalidRequestException("sink", "sink.httpAuthorization must be a header value of at most "
                + MAX_AUTHORIZATION + " characters");
    }

    static String status(String status) {
        if (!LogStream.ACTIVE.equals(status) && !LogStream.PAUSED.equals(status)) {
            throw badStatus();
        }
        return status;
    }

    public static InvalidRequestException badStatus() {
        return new InvalidRequestException("status", "status must be active or paused");
    }

    /** Category names from {@link LogTypes#categories()}, each once, in the order first given. */
    static List<String> categories(List<String> names) {
        if (names.size() > MAX_FILTERS) {
            throw badFilters();
        }
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (name == null || !LogTypes.categories().contains(name)) {
                throw badFilter();
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    public static InvalidRequestException badFilters() {
        return new InvalidRequestException("filters", "filters must be an array of at most " + MAX_FILTERS + " category filters");
    }

    public static InvalidRequestException badFilter() {
        return new InvalidRequestException("filters", "Each filter is {\"type\":\"category\",\"name\":…} with one of "
                + String.join(", ", LogTypes.categories()));
    }
}
