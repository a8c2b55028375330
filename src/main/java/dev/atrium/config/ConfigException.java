package dev.atrium.config;

/** A setting that is unknown or malformed; its message is the one line printed before the process exits. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
