package dev.atrium.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which JDBC failures mean "the database cannot serve this now" rather than "this statement is wrong",
 * for PostgreSQL and H2, and the connection wrapper that turns them into
 * {@link dev.atrium.common.DatabaseUnavailableException} where they happen, so no JDBI exception
 * carrying an outage ever reaches a request handler. Everything else passes through unchanged.
 */
final class Outages {
    /** What a failure means. */
    enum Kind {
        /** The connection is gone or cannot be made: the database is marked down until a probe answers. */
        CONNECTION_LOST("The database is unavailable"),
        /** A statement ran past the statement or lock timeout: this request fails, the database stays up. */
        TIMEOUT("The database did not answer in time"),
        /** Every pooled connection stayed busy for the whole pool wait. */
        POOL_BUSY("No database connection became free in time"),
        /** The database answers reads but refuses writes: read-only (a standby, a read-only H2 file) or out of disk. */
        WRITES_REFUSED("The database refuses writes");

        final String message;

        Kind(String message) {
            this.message = message;
        }
    }

    private static final int H2_READ_ONLY = 90097;
    private static final int H2_IO_EXCEPTION_1 = 90028;
    private static final int H2_IO_EXCEPTION_2 = 90031;
    private static final int H2_DATABASE_CLOSED = 90098;
    private static final int H2_CALLED_AT_SHUTDOWN = 90121;
    /** An H2 server ({@code jdbc:h2:tcp:}) that cannot be reached or dropped the connection. */
    private static final int H2_CONNECTION_BROKEN = 90067;
    private static final int H2_LOCK_TIMEOUT = 50200;
    private static final int H2_FILE_CORRUPTED = 90030;

    /** H2's words for a failed write: {@code Writing to <file> failed; length … at …}. */
    private static final Pattern WRITING_TO = Pattern.compile("Writing to (\\S+) failed");

    private Outages() {
    }

    /** The kind of outage {@code e} reports, or null when it is an ordinary error. */
    static Kind classify(SQLException e) {
        if (e instanceof SQLTransientConnectionException && e.getMessage() != null
                && e.getMessage().contains("Connection is not available")) {
            // HikariCP's pool wait ran out: with the reason new connections failed, or without one when all were busy
            return e.getCause() != null ? Kind.CONNECTION_LOST : Kind.POOL_BUSY;
        }
        Throwable t = e;
        for (int depth = 0; t != null && depth < 8; depth++) {
            if (t instanceof SQLException s) {
                Kind k = one(s);
                if (k != null) {
                    return k;
                }
                t = s.getNextException() != null ? s.getNextException() : s.getCause();
            } else {
                if (noSpace(t)) {
                    return Kind.WRITES_REFUSED;
                }
                t = t.getCause();
            }
        }
        // a full disk deeper in the chain than the walk above goes (H2 nests it in suppressed exceptions)
        return chain(e).stream().anyMatch(Outages::noSpace) ? Kind.WRITES_REFUSED : null;
    }

    private static Kind one(SQLException s) {
        String state = s.getSQLState() == null ? "" : s.getSQLState();
        int code = s.getErrorCode();
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || code == H2_DATABASE_CLOSED || code == H2_CALLED_AT_SHUTDOWN || code == H2_FILE_CORRUPTED
                || code == H2_CONNECTION_BROKEN) {
            return Kind.CONNECTION_LOST;
        }
        if (state.equals("25006") || state.equals("53100") || code == H2_READ_ONLY || noSpace(s)
                || ((code == H2_IO_EXCEPTION_1 || code == H2_IO_EXCEPTION_2) && isH2(s))) {
            return Kind.WRITES_REFUSED;
        }
        if (state.equals("57014") || state.equals("55P03") || (code == H2_LOCK_TIMEOUT && isH2(s))
                || s instanceof SQLTimeoutException) {
            return Kind.TIMEOUT;
        }
        if (state.startsWith("53")) {
            return Kind.POOL_BUSY;
        }
        return null;
    }

    private static boolean isH2(SQLException s) {
        return s.getClass().getName().startsWith("org.h2.");
    }

    private static boolean noSpace(Throwable t) {
        String m = t.getMessage();
        return m != null && m.toLowerCase(Locale.ROOT).contains("no space left on device");
    }

    /** One line naming the cause, for the log and the error message: no stack, no SQL text. */
    static String describe(SQLException e) {
        String write = writeFailure(e);
        if (write != null) {
            return write;
        }
        Throwable root = e;
        if (e instanceof SQLTransientConnectionException && e.getCause() != null) {
            root = e.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = m.indexOf('\n');
        if (newline >= 0) {
            m = m.substring(0, newline);
        }
        // H2 appends the SQL after a semicolon: the statement text is no business of a log line about an outage
        int sql = m.indexOf("; SQL statement:");
        if (sql >= 0) {
            m = m.substring(0, sql);
        }
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    /**
     * For a failed write of a file: "No space left on device" when the chain holds a full disk, else
     * "Writing to … failed", with the file H2 names; null for other failures. The same words for every
     * failed write of one file (H2's offsets and lengths left out), so the log names the cause once.
     */
    private static String writeFailure(SQLException e) {
        String file = null;
        boolean full = false;
        for (Throwable t : chain(e)) {
            full |= noSpace(t);
            String m = t.getMessage();
            if (file == null && m != null) {
                Matcher w = WRITING_TO.matcher(m);
                if (w.find()) {
                    file = w.group(1);
                }
            }
        }
        if (full) {
            return file == null ? "No space left on device" : "No space left on device (writing " + file + ")";
        }
        return file == null ? null : "Writing to " + file + " failed";
    }

    /** True when {@code e} is a write to a data file that failed (a full or failing disk), not a refusal by the database. */
    static boolean failedFileWrite(SQLException e) {
        return writeFailure(e) != null;
    }

    /**
     * The throwables {@code e} carries: causes, next exceptions and suppressed ones, each once (H2's
     * chains can loop through their suppressed exceptions), at most 32.
     */
    private static List<Throwable> chain(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Throwable> todo = new ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty() && out.size() < 32) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            out.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException s && s.getNextException() != null) {
                todo.add(s.getNextException());
            }
            todo.addAll(Arrays.asList(t.getSuppressed()));
        }
        return out;
    }

    /** {@code c}, with every outage its statements report turned into a {@link dev.atrium.common.DatabaseUnavailableException}. */
    static Connection guard(Connection c, Database db) {
        return (Connection) wrap(c, Connection.class, db);
    }

    private static Object wrap(Object target, Class<?> type, Database db) {
        return Proxy.newProxyInstance(Outages.class.getClassLoader(), new Class<?>[] {type}, new Guard(target, db));
    }

    /** Passes every call through; translates outages; wraps the statements and result sets it hands out. */
    private record Guard(Object target, Database db) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    if (method.getParameterCount() == 1) {
                        return proxy == args[0];
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(proxy);
                    }
                    break;
                default:
                    break;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException ite) {
                Throwable cause = ite.getCause();
                if (cause instanceof SQLException e) {
                    var u = db.unavailable(e);
                    if (u != null) {
                        throw u;
                    }
                }
                throw cause;
            }
            Class<?> type = method.getReturnType();
            if (result != null && (type == Statement.class || type == PreparedStatement.class
                    || type == CallableStatement.class || type == ResultSet.class)) {
                return wrap(result, type, db);
            }
            return result;
        }
    }
}
