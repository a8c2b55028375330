package dev.atrium;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Logging is set up in code (no logback.xml), and steps aside for an operator's own file. */
class LogConfigurationTest {
    @Test
    void logbackFindsTheConfigurationAsAServiceAndQuietsTheLibraries() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("com.zaxxer.hikari.pool.ProxyConnection").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("dev.atrium.Atrium").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isInstanceOf(ConsoleAppender.class);
    }

    @Test
    void aFreshContextGetsOneConsoleLinePerEvent() {
        LoggerContext context = new LoggerContext();
        LogConfiguration configuration = new LogConfiguration();
        configuration.setContext(context);
        assertThat(configuration.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        var stdout = (ConsoleAppender<?>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        assertThat(stdout.isStarted()).isTrue();
        assertThat(((PatternLayoutEncoder) stdout.getEncoder()).getPattern()).isEqualTo("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        assertThat(context.getLogger("io.javalin").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void anOperatorsConfigurationFileTakesOver() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "operator-logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            LogConfiguration configuration = new LogConfiguration();
            configuration.setContext(context);
            assertThat(configuration.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNull();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }
}
