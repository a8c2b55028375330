package dev.atrium.logs;

import dev.atrium.common.Ids;
import dev.atrium.common.InvalidRequestException;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Creates and changes log streams ({@link NewLogStream}, {@link LogStreamPatch}, whose values are
 * already checked): at most {@value #MAX_STREAMS}, each to an endpoint the SSRF policy accepts
 * ({@link StreamEndpoints}). A new stream starts at the end of the log: it delivers what
 * happens from now on. Resuming a paused or suspended stream clears its failures and delivers from
 * where it stopped.
 */
public final class LogStreamService {
    public static final int MAX_STREAMS = 10;

    private final LogStreamStore streams;
    private final LogStore log;
    private final StreamEndpoints endpoints;
    private final Clock clock;

    public LogStreamService(LogStreamStore streams, LogStore log, StreamEndpoints endpoints, Clock clock) {
        this.streams = streams;
        this.log = log;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    public List<LogStream> list() {
        return streams.list();
    }

    public Optional<LogStream> find(String id) {
        return streams.find(id);
    }

    public boolean delete(String id) {
        return streams.delete(id);
    }

    public LogStream create(NewLogStream request) {
        String endpoint = reachable(request.endpoint());
        if (streams.list().size() >= MAX_STREAMS) {
            throw new InvalidRequestException("name", "A tenant can have at most " + MAX_STREAMS + " log streams.");
        }
        LogStream stream = new LogStream(Ids.prefixed("lst_", 16), request.name(), LogStream.ACTIVE, endpoint, request.contentFormat(),
                request.authorization(), request.categories(), log.lastSeq(), 0, Optional.empty(), Optional.empty(), Optional.empty(),
                clock.instant());
        streams.create(stream);
        return stream;
    }

    /** Applies a patch; empty when the stream does not exist. */
    public Optional<LogStream> update(String id, LogStreamPatch patch) {
        Optional<LogStream> found = streams.find(id);
        if (found.isEmpty()) {
            return found;
        }
        LogStream s = found.get();
        String status = patch.status().orElse(s.status());
        boolean resume = patch.status().isPresent() && status.equals(LogStream.ACTIVE) && !s.status().equals(LogStream.ACTIVE);
        String endpoint = patch.endpoint().map(this::reachable).orElse(s.endpoint());
        LogStream updated = s.withSettings(patch.name().orElse(s.name()), status, endpoint, patch.contentFormat().orElse(s.contentFormat()),
                patch.authorization().applyTo(s.authorization()), patch.categories().orElse(s.categories()));
        streams.updateSettings(updated, resume, clock.instant());
        return streams.find(id);
    }

    /** The endpoint, when the SSRF policy lets Atrium deliver to it. */
    private String reachable(String url) {
        endpoints.refusal(url).ifPresent(r -> {
            throw new InvalidRequestException("sink", r);
        });
        return url;
    }
}
