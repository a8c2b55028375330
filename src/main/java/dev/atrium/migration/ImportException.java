package dev.atrium.migration;

/** An object of the export that the services refused; the import stops and writes nothing. */
public final class ImportException extends RuntimeException {
    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }

    public ImportException(String message) {
        super(message);
    }
}
