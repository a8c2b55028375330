package dev.atrium.web;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;

import java.nio.ByteBuffer;

/**
 * Keeps the first bytes of each request line, so that a request the HTTP server refuses while parsing
 * (a NUL byte or an illegal escape in the path, a request line too long to read) is still answered in
 * the shape of the API its target names. Jetty reports such a request to the error handler with a
 * placeholder path ({@code /badURI}, {@code /badMessage}); {@link #targetOf(Request)} gives the path
 * as the client wrote it, cut at the first character that cannot belong to a path. It is used to pick
 * the error's shape only and is never written into a response.
 */
final class RequestTargets {
    /** Enough of the request line to see which API is targeted ("PATCH /api/v2/…", "/oauth/…"). */
    static final int KEPT = 96;

    private RequestTargets() {
    }

    /** A plain HTTP/1.1 connector on host and port whose connections keep the request-line start. */
    static ServerConnector connector(org.eclipse.jetty.server.Server server, HttpConfiguration http, String host, int port) {
        ServerConnector connector = new ServerConnector(server, new Factory(http));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /**
     * The raw path of the request line being answered, or null when the connection does not record it.
     * Only the path is returned: the query, a fragment, and anything after a control character or a
     * space are cut off; an absolute-form target loses its scheme and authority.
     */
    static String targetOf(Request request) {
        ConnectionMetaData meta = request.getConnectionMetaData();
        if (meta == null || !(meta.getConnection() instanceof HttpConnection http)) {
            return null;
        }
        return http.getParser() instanceof RecordingParser recording ? pathIn(recording.requestLine()) : null;
    }

    /** The path of a request line's start, as written ("GET /a/b?x HTTP/1.1" gives "/a/b"). */
    static String pathIn(String line) {
        if (line == null) {
            return null;
        }
        int i = 0;
        while (i < line.length() && (line.charAt(i) == '\r' || line.charAt(i) == '\n')) {
            i++;
        }
        int space = line.indexOf(' ', i);
        if (space < 0) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (int j = space + 1; j < line.length(); j++) {
            char c = line.charAt(j);
            if (c <= ' ' || c == '?' || c == '#' || c >= 0x7f) {
                break;
            }
            path.append(c);
        }
        String target = path.toString();
        int scheme = target.indexOf("://");
        if (scheme > 0 && !target.startsWith("/")) {
            int slash = target.indexOf('/', scheme + 3);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        return target.startsWith("/") ? target : null;
    }

    private static final class Factory extends HttpConnectionFactory {
        Factory(HttpConfiguration http) {
            super(http);
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            HttpConnection connection = new RecordingConnection(getHttpConfiguration(), connector, endPoint);
            connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
            return configure(connection, connector, endPoint);
        }
    }

    private static final class RecordingConnection extends HttpConnection {
        RecordingConnection(HttpConfiguration http, Connector connector, EndPoint endPoint) {
            super(http, connector, endPoint);
        }

        @Override
        protected HttpParser newHttpParser(HttpCompliance compliance) {
            HttpParser plain = super.newHttpParser(compliance);
            RecordingParser parser = new RecordingParser((HttpParser.RequestHandler) plain.getHandler(),
                    getHttpConfiguration().getRequestHeaderSize(), compliance);
            parser.setHeaderCacheSize(plain.getHeaderCacheSize());
            parser.setHeaderCacheCaseSensitive(plain.isHeaderCacheCaseSensitive());
            return parser;
        }
    }

    /** Copies, without consuming them, the bytes read while the parser is still in the request line. */
    static final class RecordingParser extends HttpParser {
        private final StringBuilder line = new StringBuilder(KEPT);
        private volatile String recorded;

        RecordingParser(HttpParser.RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance) {
            super(handler, maxHeaderBytes, compliance);
        }

        @Override
        public boolean parseNext(ByteBuffer buffer) {
            State state = getState();
            boolean inRequestLine = state == State.START || state == State.METHOD || state == State.SPACE1 || state == State.URI;
            if (inRequestLine && buffer != null) {
                if (state == State.START) {
                    line.setLength(0);
                }
                for (int i = buffer.position(); i < buffer.limit() && line.length() < KEPT; i++) {
                    line.append((char) (buffer.get(i) & 0xff));
                }
                recorded = line.toString();
            }
            return super.parseNext(buffer);
        }

        String requestLine() {
            return recorded;
        }
    }
}
