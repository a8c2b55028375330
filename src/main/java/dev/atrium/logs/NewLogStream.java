package dev.atrium.logs;

import java.util.List;
import java.util.Optional;

/**
 * A log stream of type {@code http} to create ({@code POST /api/v2/log-streams}): its name, where it
 * delivers, in which content format, with which {@code Authorization} header (the empty value meaning
 * none), and the categories it carries (none: every event). Each value's own rule is checked here
 * ({@link LogStreamRules}); whether the endpoint may be reached, and the number of streams, by
 * {@link LogStreamService}.
 */
public record NewLogStream(String name, String endpoint, String contentFormat, Optional<String> authorization,
                           List<String> categories) {
    public static final String DEFAULT_NAME = "Log stream";
    public static final String DEFAULT_FORMAT = "JSONLINES";

    public NewLogStream {
        name = LogStreamRules.name(name);
        endpoint = LogStreamRules.endpoint(endpoint);
        contentFormat = LogStreamRules.format(contentFormat);
        authorization = authorization.flatMap(LogStreamRules::authorization);
        categories = LogStreamRules.categories(categories);
    }

    /** A stream to {@code endpoint} with the default name and format, no header, every event. */
    public static NewLogStream to(String endpoint) {
        return new NewLogStream(DEFAULT_NAME, endpoint, DEFAULT_FORMAT, Optional.empty(), List.of());
    }

    public NewLogStream withName(String value) {
        return new NewLogStream(value, endpoint, contentFormat, authorization, categories);
    }
}
