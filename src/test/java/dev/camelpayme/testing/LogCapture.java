package dev.camelpayme.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures what one logger logs (its level, its message, then the stack trace of its exception if any) while it is
 * open, for tests that check log lines.
 */
public final class LogCapture implements AutoCloseable {

    private final LoggerContext logContext;
    private final String name;
    private final AbstractAppender appender;

    private LogCapture(LoggerContext logContext, String name, AbstractAppender appender) {
        this.logContext = logContext;
        this.name = name;
        this.appender = appender;
    }

    public static LogCapture of(Class<?> logger, List<String> lines) {
        return of(logger.getName(), lines);
    }

    /** Captures what the logger of that name logs at INFO and above, e.g. {@code dev.camelpayme.security}. */
    public static LogCapture of(String logger, List<String> lines) {
        return of(logger, Level.INFO, lines);
    }

    public static LogCapture of(String logger, Level level, List<String> lines) {
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        AbstractAppender capture = new AbstractAppender("capture-" + logger, null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringWriter line = new StringWriter().append(event.getLevel() + " ")
                        .append(event.getMessage().getFormattedMessage());
                if (event.getThrown() != null) {
                    event.getThrown().printStackTrace(new PrintWriter(line.append('\n')));
                }
                lines.add(line.toString());
            }
        };
        capture.start();
        LoggerConfig config = new LoggerConfig(logger, level, true);
        config.addAppender(capture, level, null);
        logContext.getConfiguration().addLogger(logger, config);
        logContext.updateLoggers();
        return new LogCapture(logContext, logger, capture);
    }

    @Override
    public void close() {
        logContext.getConfiguration().removeLogger(name);
        logContext.updateLoggers();
        appender.stop();
    }
}
