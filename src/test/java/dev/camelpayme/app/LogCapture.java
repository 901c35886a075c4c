package dev.camelpayme.app;

import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Captures what one class logs (its level, then its message) while it is open, for tests that check log lines. */
final class LogCapture implements AutoCloseable {

    private final LoggerContext logContext;
    private final String name;

    private LogCapture(LoggerContext logContext, String name) {
        this.logContext = logContext;
        this.name = name;
    }

    static LogCapture of(Class<?> logger, List<String> lines) {
        return of(logger.getName(), lines);
    }

    /** Captures what the logger of that name logs, e.g. {@code dev.camelpayme.security}. */
    static LogCapture of(String logger, List<String> lines) {
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        AbstractAppender capture = new AbstractAppender("capture-" + logger, null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        LoggerConfig config = new LoggerConfig(logger, Level.INFO, true);
        config.addAppender(capture, Level.INFO, null);
        logContext.getConfiguration().addLogger(logger, config);
        logContext.updateLoggers();
        return new LogCapture(logContext, logger);
    }

    @Override
    public void close() {
        logContext.getConfiguration().removeLogger(name);
        logContext.updateLoggers();
    }
}
