package dev.atrium.logs;

import dev.atrium.common.Change;

import java.util.List;
import java.util.Optional;

/**
 * A change to a log stream ({@code PATCH /api/v2/log-streams/{id}}, the dashboard's resume button):
 * each property kept or replaced; the {@code Authorization} header also removed (an empty value
 * removes it too). {@code status} is {@code active} or {@code paused}; making a stopped stream active
 * resumes it. Each value's own rule is checked here ({@link LogStreamRules}).
 */
public record LogStreamPatch(Optional<String> name, Optional<String> status, Optional<String> endpoint,
                             Optional<String> contentFormat, Change<String> authorization, Optional<List<String>> categories) {
    private static final LogStreamPatch NONE = new LogStreamPatch(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Change.keep(), Optional.empty());

    public LogStreamPatch {
        name = name.map(LogStreamRules::name);
        status = status.map(LogStreamRules::status);
        endpoint = endpoint.map(LogStreamRules::endpoint);
        contentFormat = contentFormat.map(LogStreamRules::format);
        if (authorization.present()) {
            authorization = authorization.value().flatMap(LogStreamRules::authorization).map(Change::to).orElseGet(Change::clear);
        }
        categories = categories.map(LogStreamRules::categories);
    }

    /** A patch that changes nothing. */
    public static LogStreamPatch none() {
        return NONE;
    }

    /** Only the status: {@code active} (resuming a paused or suspended stream) or {@code paused}. */
    public static LogStreamPatch status(String status) {
        return new LogStreamPatch(Optional.empty(), Optional.of(status), Optional.empty(), Optional.empty(), Change.keep(),
                Optional.empty());
    }
}
