package dev.camelpayme.app.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.component.netty.http.NettyHttpConfiguration;
import org.apache.camel.component.netty.http.NettyHttpEndpoint;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of a start: {@code camel-payme ready}, with each listener at the address it is bound to, QFPay, the
 * order store and the endpoint each outcome goes to (secret-looking options masked). It stands in for Camel's own
 * summaries, which are switched off or quietened (the HTTP one names {@code 0.0.0.0} whatever the server is bound to).
 */
final class ReadyLine implements StartupListener {

    static final String PREFIX = "camel-payme ready: ";
    private static final Logger LOG = LoggerFactory.getLogger(PaymeApplication.class);
    private static final List<String> OUTCOMES
            = List.of("CREATED", "PAID", "EXPIRED", "REFUNDED", "REJECTED", "FAILED");

    private final AtomicBoolean logged = new AtomicBoolean();

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // not yet: Camel calls this just before the routes start
    }

    /** Camel passes {@code alreadyStarted = true} here at its own start too: the flag keeps it to one line. */
    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        if (logged.compareAndSet(false, true)) {
            LOG.info(of(context));
        }
    }

    static String of(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        List<String> parts = new ArrayList<>();
        api(context, properties).ifPresent(parts::add);
        notificationListeners(context).forEach((address, paths) ->
                parts.add("notification listener " + address + " (" + String.join(", ", paths) + ")"));
        management(context).ifPresent(parts::add);
        EmbeddedBroker broker = context.hasService(EmbeddedBroker.class);
        parts.add("JMS broker " + (broker != null ? broker.address() : masked(properties, "payme.broker.url")
                + " (external)"));
        SandboxService sandbox = context.hasService(SandboxService.class);
        parts.add(sandbox != null ? "QFPay sandbox " + sandbox.sandbox().baseUrl()
                : "QFPay " + masked(properties, "payme.base-url"));
        parts.add("store " + masked(properties, "payme.store.url"));
        parts.add("outcomes " + outcomes(properties));
        return PREFIX + String.join(" | ", parts);
    }

    private static Optional<String> api(CamelContext context, PropertiesComponent properties) {
        MainHttpServer api = context.hasService(MainHttpServer.class);
        if (api == null) {
            return Optional.empty();
        }
        boolean tls = api.isUseGlobalSslContextParameters() || api.getSslContextParameters() != null;
        return Optional.of("API " + bound(context, tls, api.getHost(), api.getPort())
                + properties.resolveProperty("payme.rest.base-path").orElse(""));
    }

    private static Optional<String> management(CamelContext context) {
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        if (management == null) {
            return Optional.empty();
        }
        boolean tls = management.isUseGlobalSslContextParameters() || management.getSslContextParameters() != null;
        List<String> paths = new ArrayList<>();
        if (management.isHealthCheckEnabled()) {
            paths.add(management.getHealthPath());
        }
        if (management.isMetricsEnabled()) {
            // camel-micrometer-prometheus's fixed path on the management server
            paths.add("/observe/metrics");
        }
        return Optional.of("management " + bound(context, tls, management.getHost(), management.getPort())
                + (paths.isEmpty() ? "" : " (" + String.join(", ", paths) + ")"));
    }

    private static String masked(PropertiesComponent properties, String key) {
        return MaskedUri.of(properties.resolveProperty(key).orElse(""));
    }

    /** scheme://host:port as the server bound it: the port it really listens on, when it was asked for 0. */
    private static String bound(CamelContext context, boolean tls, String host, int configuredPort) {
        int port = context.hasServices(VertxPlatformHttpServer.class).stream()
                .filter(server -> server.getConfigurationPort() == configuredPort && host.equals(server.getHost()))
                .map(VertxPlatformHttpServer::getPort).findFirst().orElse(configuredPort);
        return (tls ? "https" : "http") + "://" + host + ":" + port;
    }

    /** Each netty-http listener of the routes (QFPay's notifications, the checkout pages) with its paths. */
    private static Map<String, Set<String>> notificationListeners(CamelContext context) {
        Map<String, Set<String>> listeners = new LinkedHashMap<>();
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof NettyHttpEndpoint endpoint) {
                NettyHttpConfiguration config = endpoint.getConfiguration();
                String address = (config.isSsl() ? "https" : "http") + "://" + config.getHost() + ":"
                        + config.getPort();
                listeners.computeIfAbsent(address, any -> new TreeSet<>()).add(config.getPath());
            }
        }
        return listeners;
    }

    /** Each outcome status with its endpoint; statuses sharing one endpoint are named together. */
    private static String outcomes(PropertiesComponent properties) {
        Map<String, List<String>> byEndpoint = new LinkedHashMap<>();
        for (String status : OUTCOMES) {
            Optional<String> uri
                    = properties.resolveProperty("payme.route." + status.toLowerCase(Locale.ROOT) + "-uri");
            byEndpoint.computeIfAbsent(MaskedUri.of(uri.orElse("none")), any -> new ArrayList<>()).add(status);
        }
        List<String> listed = new ArrayList<>();
        byEndpoint.forEach((uri, statuses) -> listed.add(String.join(" and ", statuses) + " " + uri));
        return String.join(", ", listed);
    }
}
