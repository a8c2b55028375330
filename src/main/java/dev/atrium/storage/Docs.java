package dev.atrium.storage;

import dev.atrium.common.AlreadyExistsException;
import dev.atrium.common.Json;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import tools.jackson.databind.node.ObjectNode;

import java.sql.SQLException;
import java.util.function.Supplier;

/** Shared pieces of the stores that keep documents as JSON text. */
final class Docs {
    private Docs() {
    }

    static String write(ObjectNode doc) {
        return Json.write(doc);
    }

    static ObjectNode read(String text) {
        return Json.parseObject(text);
    }

    /** Runs an insert, turning a unique-key violation (SQLSTATE 23505 on both databases) into {@link AlreadyExistsException}. */
    static <T> T unique(String what, Supplier<T> insert) {
        try {
            return insert.get();
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                throw new AlreadyExistsException(what);
            }
            throw e;
        }
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
