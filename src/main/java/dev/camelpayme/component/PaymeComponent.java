package dev.camelpayme.component;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code payme:} component: prepares, validates and signs QFPay open API requests for PayMe online payments, and
 * verifies QFPay's notifications. It performs no network I/O; the route's HTTP endpoint sends what it prepares.
 */
@Component("payme")
public class PaymeComponent extends DefaultComponent {

    // Camel masks option names containing these words in logged URIs and configuration summaries
    private static final String SENSITIVE_KEYWORD = "clientKey";

    @Metadata(description = "The configuration shared by all endpoints; each endpoint works on its own copy.")
    private PaymeConfiguration configuration = new PaymeConfiguration();

    public PaymeComponent() {
    }

    public PaymeComponent(CamelContext context) {
        super(context);
        registerSensitiveKeyword(context);
    }

    @Override
    public void setCamelContext(CamelContext context) {
        super.setCamelContext(context);
        registerSensitiveKeyword(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PaymeOperation operation = operationOf(remaining);
        PaymeConfiguration endpointConfiguration
                = configuration != null ? configuration.copy() : new PaymeConfiguration();
        // an endpoint's own clientKey or clientKeyFile replaces the component's key source instead of clashing with it
        if (hasOption(parameters, "clientkey")) {
            endpointConfiguration.setClientKeyFile(null);
        }
        if (hasOption(parameters, "clientkeyfile")) {
            endpointConfiguration.clearClientKey();
        }
        PaymeEndpoint endpoint = new PaymeEndpoint(uri, this, operation, endpointConfiguration);
        setProperties(endpoint, parameters);
        endpointConfiguration.resolveClientKeyFile();
        endpointConfiguration.validate(true);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        registerSensitiveKeyword(getCamelContext());
        if (configuration != null) {
            configuration.resolveClientKeyFile();
            configuration.validate(false);
        }
    }

    // option names in URIs are matched case-insensitively, and Camel also accepts the dashed form
    private static boolean hasOption(Map<String, Object> parameters, String lowerCaseName) {
        return parameters.keySet().stream()
                .anyMatch(name -> name.replace("-", "").toLowerCase(Locale.ROOT).equals(lowerCaseName));
    }

    static PaymeOperation operationOf(String remaining) {
        String name = remaining == null ? "" : remaining.trim();
        for (PaymeOperation operation : PaymeOperation.values()) {
            if (operation.name().equalsIgnoreCase(name)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("PayMe operation must be one of "
                                           + Arrays.stream(PaymeOperation.values()).map(Enum::name)
                                                   .collect(Collectors.joining(", ")));
    }

    private static void registerSensitiveKeyword(CamelContext context) {
        if (context == null) {
            return;
        }
        ExtendedCamelContext extension = context.getCamelContextExtension();
        String keywords = extension.getAdditionalSensitiveKeywords();
        if (keywords == null || keywords.isBlank()) {
            extension.setAdditionalSensitiveKeywords(SENSITIVE_KEYWORD);
        } else if (!keywords.toLowerCase(Locale.ROOT).contains(SENSITIVE_KEYWORD.toLowerCase(Locale.ROOT))) {
            extension.setAdditionalSensitiveKeywords(keywords + "," + SENSITIVE_KEYWORD);
        }
    }

    public PaymeConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(PaymeConfiguration configuration) {
        this.configuration = configuration;
    }
}
