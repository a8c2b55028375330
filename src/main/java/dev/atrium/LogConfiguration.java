package dev.atrium;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Map;

/**
 * Atrium's logging, set up in code instead of from an XML file (issue 15, start-up): reading a
 * {@code logback.xml} loads an XML parser and logback's configuration machinery, several hundred classes,
 * before the first line is logged. One line per event on stdout, {@code HH:mm:ss.SSS LEVEL logger - message};
 * the libraries' chatter at WARN, and a cut database connection logged once per outage by
 * {@code storage.Database} rather than with a stack per pooled connection. An operator who names a file
 * with {@code -Dlogback.configurationFile=…} gets that file instead: this configurator then steps aside.
 * Found by logback through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    /** Loggers quieter than the root's INFO. */
    static final Map<String, Level> LEVELS = Map.of(
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "com.zaxxer.hikari.pool.ProxyConnection", Level.ERROR,
            "org.flywaydb", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
