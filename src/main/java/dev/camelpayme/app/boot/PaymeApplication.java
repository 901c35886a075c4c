package dev.camelpayme.app.boot;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs camel-payme: reads application.properties and routes/*.yaml from the working directory. The beans and
 * embedded services are wired by {@link PaymeAppConfiguration}. A start that fails for a known reason (a port in use,
 * a data folder held by another instance, no configuration) ends with one line saying what to do, and exit status 1.
 */
public final class PaymeApplication {

    /** Where the configuration is looked up; -pl or -Dcamel.main.property-placeholder-location still override it. */
    static final String CONFIG_LOCATION =
            "file:application.properties;optional=true,classpath:application.properties;optional=true";

    private PaymeApplication() {
    }

    public static void main(String[] args) throws Exception {
        // the application's own logging setup, unless the user chose one
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:camel-payme-log4j2.properties");
        }
        // named, not found by a scan of the class path, which costs the start several hundred milliseconds
        Main main = new Main();
        main.configure().addConfiguration(PaymeAppConfiguration.class);
        main.setDefaultPropertyPlaceholderLocation(CONFIG_LOCATION);
        // Camel's summary of every property (about 150 lines) only when its logger is at DEBUG; the ready line says
        // what an operator needs. camel.main.auto-configuration-log-summary=true still asks for it at any level
        main.configure().setAutoConfigurationLogSummary(
                LoggerFactory.getLogger(BaseMainSupport.class).isDebugEnabled());
        int status;
        try {
            status = main.run(args);
        } catch (Exception failure) {
            Optional<String> explained = StartupFailure.explain(failure, Path.of("").toAbsolutePath(),
                    configurationChosen(args));
            // the JVM's exit must not read as a SIGTERM: Camel's shutdown hook stays quiet once shut down
            main.getShutdownStrategy().shutdown();
            Logger log = LoggerFactory.getLogger(PaymeApplication.class);
            if (explained.isPresent()) {
                log.error("camel-payme did not start: {}", explained.get());
                log.debug("The cause", failure);
            } else {
                log.error("camel-payme did not start", failure);
            }
            status = 1;
        }
        System.exit(status);
    }

    private static boolean configurationChosen(String[] args) {
        return System.getProperty("camel.main.property-placeholder-location") != null
                || System.getenv("CAMEL_MAIN_PROPERTYPLACEHOLDERLOCATION") != null
                || Arrays.stream(args).anyMatch(arg -> arg.equals("-pl") || arg.equals("-propertiesLocation"));
    }
}
