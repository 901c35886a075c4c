package dev.camelpayme.app.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The application's own log configuration keeps two WARN lines of Camel 4.18 out of every start (they name nothing an
 * operator can act on), and only those: the loggers that report real failures keep their levels.
 */
class ShippedLoggingTest {

    @Test
    void camelsLeadershipBudgetAndDuplicateGaugeWarningsAreSilencedButNothingElse() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/camel-payme-log4j2.properties")) {
            shipped.load(in);
        }

        assertThat(levelOf(shipped, "org.apache.camel.support.task.BackgroundTask")).isEqualTo("ERROR");
        assertThat(levelOf(shipped, "io.micrometer.core.instrument.MeterRegistry")).isEqualTo("ERROR");
        assertThat(levelOf(shipped, "org.apache.camel.component.master.MasterConsumer"))
                .as("a leadership start that fails is still logged: a WARN of its exception handler").isEqualTo("WARN");
        assertThat(shipped.getProperty("rootLogger.level")).isEqualTo("INFO");
    }

    /** The level the configuration gives {@code loggerName} itself, or null when it inherits one. */
    private static String levelOf(Properties config, String loggerName) {
        return config.stringPropertyNames().stream()
                .filter(key -> key.startsWith("logger.") && key.endsWith(".name"))
                .filter(key -> loggerName.equals(config.getProperty(key)))
                .map(key -> config.getProperty(key.substring(0, key.length() - ".name".length()) + ".level"))
                .findFirst().orElse(null);
    }
}
