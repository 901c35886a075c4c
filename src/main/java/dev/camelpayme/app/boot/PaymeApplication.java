package dev.camelpayme.app.boot;

import org.apache.camel.main.Main;

/**
 * Runs camel-payme: reads application.properties and routes/*.yaml from the working directory. The beans and
 * embedded services are wired by {@link PaymeAppConfiguration}.
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
        System.exit(main.run(args));
    }
}
