package dev.camelpayme.app.boot;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.camelpayme.app.FlowVariables;
import dev.camelpayme.app.api.ApiAccess;
import dev.camelpayme.app.api.StoredOutcomes;
import dev.camelpayme.app.checkout.CheckoutLinks;
import dev.camelpayme.app.checkout.CheckoutPages;
import dev.camelpayme.app.checkout.CheckoutTokens;
import dev.camelpayme.app.cluster.PostgresLeadership;
import dev.camelpayme.app.cluster.SingleInstanceLeadership;
import dev.camelpayme.app.notification.NotificationInbox;
import dev.camelpayme.app.payment.PaymentFlow;
import dev.camelpayme.app.payment.PaymentOutcomes;
import dev.camelpayme.app.payment.PaymentPolls;
import dev.camelpayme.app.payment.PaymentTracker;
import dev.camelpayme.app.qfpay.MerchantRateLimiter;
import dev.camelpayme.app.qfpay.QfpayAnswers;
import dev.camelpayme.app.qfpay.SharedRateLimit;
import dev.camelpayme.app.refund.RefundFlow;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.reconciliation.Reconciliation;
import dev.camelpayme.app.reconciliation.ReconciliationRequests;
import dev.camelpayme.app.reconciliation.ReconciliationSchedule;
import dev.camelpayme.app.store.ReconciliationDays;
import dev.camelpayme.app.store.RefundStore;
import dev.camelpayme.component.PaymeComponent;
import dev.camelpayme.sandbox.QfpaySandbox;
import dev.camelpayme.sandbox.SandboxCredentials;
import io.vertx.core.Vertx;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Wires the application: the beans the YAML routes call, the JMS connection factory, and the embedded defaults
 * of the first run (JMS broker, QFPay sandbox), each switched by a property. Everything is read from
 * application.properties, where every key is documented.
 * <p>
 * Shutdown order (SIGTERM, Ctrl-C): Camel's graceful shutdown first stops the route consumers (the REST, file and JMS
 * intakes, the timers) and lets the exchanges in flight finish within {@code camel.main.shutdown-timeout}; only then
 * does it stop the services added here, in reverse order of adding: the order store, the JMS producers' connection,
 * the embedded broker, the embedded sandbox.
 */
public class PaymeAppConfiguration implements CamelConfiguration {

    /** The environment variable that may hold the client key (a key file is safer still: see the README). */
    static final String CLIENT_KEY_VARIABLE = "CAMEL_COMPONENT_PAYME_CLIENT_KEY";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent());
        OwnerOnlyFiles.createFolders(context.getPropertiesComponent());

        boolean sandboxEnabled = settings.flag("payme.sandbox.enabled");
        NotificationListenerGuard.check(settings.text("payme.notify.host"), sandboxEnabled);
        String sandboxBaseUrl = "http://localhost:" + settings.integer("payme.sandbox.port");
        // a key from the environment goes straight to the component: as a Camel property Camel would print it at DEBUG
        String keyFromEnvironment = System.getenv(CLIENT_KEY_VARIABLE);
        boolean keyInEnvironment = keyFromEnvironment != null && !keyFromEnvironment.isBlank();
        if (keyInEnvironment) {
            context.getComponent("payme", PaymeComponent.class).getConfiguration().setClientKey(keyFromEnvironment.trim());
        }
        SandboxCredentialGuard.check(settings.text("payme.base-url"), sandboxBaseUrl, sandboxEnabled,
                settings.optional("camel.component.payme.app-code"),
                keyInEnvironment ? keyFromEnvironment.trim() : settings.optional("camel.component.payme.client-key"),
                settings.optional("camel.component.payme.client-key-file"),
                SandboxCredentials.APP_CODE, SandboxCredentials.CLIENT_KEY);
        context.getRegistry().bind("apiAccess", new ApiAccess(ApiListenerGuard.check(context.getPropertiesComponent())));
        ManagementServerGuard.check(context.getPropertiesComponent());
        if ("true".equalsIgnoreCase(settings.optional("camel.server.enabled"))) {
            // Camel Main's HTTP server takes the one Vert.x of the registry: this one brings the API's timeouts
            Vertx vertx = new ApiListenerVertx(settings.integer("payme.api.idle-timeout-ms"),
                    settings.integer("payme.api.read-timeout-ms"),
                    () -> context.getRegistry().findByType(VertxPlatformHttpRouter.class), context::isStarted).create();
            context.getRegistry().bind("paymeApiVertx", vertx);
            context.addLifecycleStrategy(new LifecycleStrategySupport() {
                @Override
                public void onContextStopped(CamelContext stopped) {
                    // only now: Camel stops its HTTP server with the other services, and needs Vert.x to do so
                    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
                }
            });
        }
        if (sandboxEnabled) {
            String sandboxDataDir = settings.optional("payme.sandbox.data-dir");
            SandboxService sandbox = new SandboxService(QfpaySandbox.builder()
                    .port(settings.integer("payme.sandbox.port"))
                    .appCode(SandboxCredentials.APP_CODE)
                    .clientKey(SandboxCredentials.CLIENT_KEY)
                    .slowAnswer(Duration.ofMillis(settings.integer("payme.sandbox.slow-answer-ms")))
                    .pendingQueriesBeforePaid(settings.integer("payme.sandbox.pending-queries-before-paid"))
                    .notifyUrl(settings.optional("payme.sandbox.notify-url"))
                    .notifyRetryDelays(java.util.Arrays.stream(settings.text("payme.sandbox.notify-retry-delays-ms")
                            .split("\\s*,\\s*")).map(ms -> Duration.ofMillis(Long.parseLong(ms))).toList())
                    // what it recorded outlives a restart: its pay_urls still open, pending orders still settle
                    .dataDir(sandboxDataDir == null ? null : Path.of(sandboxDataDir))
                    .build());
            context.getRegistry().bind("paymeSandbox", sandbox);
            context.addService(sandbox, true, true);
        }

        String brokerUsername = settings.optional("payme.broker.username");
        // an external broker's password may come from a file (payme.broker.password-file), never logged
        String brokerPassword = Secrets.read("payme.broker.password", settings.optional("payme.broker.password"),
                "payme.broker.password-file", settings.optional("payme.broker.password-file"), sandboxEnabled);
        EmbeddedBroker embeddedBroker = null;
        if (settings.flag("payme.broker.embedded")) {
            BrokerUsers users = brokerUsers(settings).refuseDemoCredentialsUnless(sandboxEnabled);
            embeddedBroker = new EmbeddedBroker(settings.text("payme.broker.host"),
                    settings.integer("payme.broker.port"), settings.integer("payme.broker.vm-id"),
                    settings.flag("payme.broker.persistent"), Path.of(settings.text("payme.broker.data-dir")), users,
                    new EmbeddedBroker.Queues(settings.text("payme.orders-queue"), settings.text("payme.refunds-queue"),
                            List.of(settings.text("payme.pending-queue"), settings.text("payme.work-queue"),
                                    settings.text("payme.refund-work-queue"), settings.text("payme.notifications-queue"),
                                    settings.text("payme.orders-dlq"))));
            context.addService(embeddedBroker, true, true);
            // the application logs in as its own internal user, whose password only this process knows
            brokerUsername = users.internalUsername();
            brokerPassword = users.internalPassword();
        }
        ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory(settings.text("payme.broker.url"),
                brokerUsername, brokerPassword);
        // an ObjectMessage body is never deserialized (gadget chains on the class path): every class is denied
        broker.setDeserializationDenyList("*");
        broker.setDeserializationAllowList("");
        // one cached connection for producers; the JMS consumers keep their own
        CachingConnectionFactory connections = new CachingConnectionFactory(broker);
        connections.setSessionCacheSize(settings.integer("payme.broker.session-cache-size"));
        context.getRegistry().bind("paymeConnectionFactory", connections);
        // added after the broker, so closed before it: a connection left open would fail loudly when the broker stops
        context.addService(new ClosedAfterRoutes("JMS producer connection", connections::destroy), true, true);
        // exchanges finishing during the graceful shutdown may still create endpoints and producers
        context.addLifecycleStrategy(new StartedWhileRoutesDrain());

        // a parked order is touched at every poll or resume: past the longest wait between two, its message is lost
        long lease = settings.integer("payme.store.lease-ms");
        long longestWait = Math.max(settings.integer("payme.retry.max-interval-ms"),
                settings.integer("payme.attempts.max-backoff-ms"));
        HikariDataSource database = dataSource(context, settings);
        boolean shared = isPostgres(database.getJdbcUrl());
        PaymentStore store = new PaymentStore(database, Clock.systemUTC(), lease, lease + longestWait);
        store.createSchema();
        // added after the store's data source, so closed before it: its last delivered marks are written first
        context.addService(new ClosedAfterRoutes("Delivered marks", store::close), true, true);
        context.getRegistry().bind("paymentFlow", new PaymentFlow(store, Clock.systemUTC(),
                settings.integer("payme.attempts.max"), settings.integer("payme.attempts.backoff-ms"),
                settings.integer("payme.attempts.max-backoff-ms"), settings.integer("payme.recovery.delay-ms"),
                settings.integer("payme.recovery.max-queries")));
        CheckoutTokens checkoutTokens = CheckoutTokens.fromFile(Path.of(settings.text("payme.checkout.secret-file")));
        CheckoutLinks checkoutLinks = new CheckoutLinks(settings.text("payme.checkout.base-url"), checkoutTokens);
        context.getRegistry().bind("checkoutPages", new CheckoutPages(store, checkoutTokens,
                settings.text("payme.checkout.merchant-name"), settings.integer("payme.checkout.redirect-delay-ms")));
        RefundStore refunds = new RefundStore(database, Clock.systemUTC(), RefundStore.Limits.of(
                settings.optional("payme.refunds.max-amount"), settings.optional("payme.refunds.max-per-day")));
        refunds.createSchema();
        context.getRegistry().bind("notificationInbox", new NotificationInbox(store, refunds));
        context.getRegistry().bind("storedOutcomes", new StoredOutcomes(store, refunds));
        context.getRegistry().bind("refundFlow", new RefundFlow(store, refunds, settings.integer("payme.attempts.max"),
                settings.integer("payme.recovery.max-queries"), settings.integer("payme.recovery.delay-ms"), lease));
        PaymentTracker tracker = new PaymentTracker(store, Clock.systemUTC(),
                settings.integer("payme.tracking.deadline-ms"), settings.integer("payme.tracking.grace-ms"),
                settings.text("payme.codes.query.paid"),
                settings.text("payme.codes.query.expired"));
        context.getRegistry().bind("paymentTracker", tracker);
        Monitoring.install(context, new Monitoring.Watched(database, store, refunds, broker, embeddedBroker, tracker),
                settings.integer("payme.metrics.gauge-cache-ms"),
                Duration.ofMillis(settings.integer("payme.health.probe-timeout-ms")),
                settings.optional("payme.metrics.dead-letter-queues") == null ? ""
                        : settings.text("payme.metrics.dead-letter-queues"));
        ReconciliationDays reconciledDays = new ReconciliationDays(database, Clock.systemUTC(),
                settings.integer("payme.reconciliation.lease-ms"), settings.integer("payme.reconciliation.retry-ms"));
        reconciledDays.createSchema();
        context.getRegistry().bind("reconciliation", new Reconciliation(store, refunds, Clock.systemUTC(),
                settings.text("payme.codes.query.paid"), settings.integer("payme.reconciliation.max-pages")));
        context.getRegistry().bind("reconciliationSchedule", new ReconciliationSchedule(reconciledDays,
                Clock.systemUTC(), settings.text("payme.reconciliation.time")));
        context.getRegistry().bind("reconciliationRequests", new ReconciliationRequests(Clock.systemUTC(),
                settings.integer("payme.reconciliation.max-days-back")));
        context.getRegistry().bind("paymeRateLimiter", rateLimiter(settings, shared ? database : null));
        context.addService(leadership(settings, shared ? database : null), true, true);
        context.getRegistry().bind("paymeFailureReason", (Processor) exchange -> {
            Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            exchange.getMessage().setHeader("PaymeFailureReason",
                    cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        });
        context.getRegistry().bind("paymeRestoreReceived", (Processor) exchange -> {
            Object received = exchange.getVariable(FlowVariables.RECEIVED);
            exchange.getVariables().keySet().removeIf(name -> !name.equals(FlowVariables.RECEIVED));
            exchange.getMessage().setBody(received);
            exchange.setVariable(FlowVariables.REDELIVERED, true);
        });
        context.getRegistry().bind("qfpayAnswers", new QfpayAnswers());
        context.getRegistry().bind("paymentOutcomes", new PaymentOutcomes(checkoutLinks));
        context.getRegistry().bind("paymentPolls", new PaymentPolls(settings.integer("payme.retry.interval-ms"),
                Double.parseDouble(settings.text("payme.retry.backoff-multiplier")),
                settings.integer("payme.retry.max-interval-ms"), settings.integer("payme.retry.deadline-ms"),
                Clock.systemUTC()));
        // once everything has started: the listeners as bound, the store and where each outcome goes, in one line
        context.addStartupListener(new ReadyLine());
        // after the store, so that a second instance on the same data folder is told so, not that a port is taken
        ListenerPorts.checkFree(context.getPropertiesComponent()::resolveProperty);
        if (embeddedBroker != null) {
            // last, once nothing here can refuse to start any more: it starts while Camel loads the routes
            embeddedBroker.startEarly();
        }
    }

    /** The external clients of the embedded broker, one per role, from payme.broker.clients.*. */
    private static BrokerUsers brokerUsers(Settings settings) {
        BrokerUsers users = BrokerUsers.withGeneratedInternalPassword();
        for (String role : List.of(BrokerUsers.ORDERS_ROLE, BrokerUsers.REFUNDS_ROLE)) {
            String prefix = "payme.broker.clients." + role;
            String password = BrokerUsers.password(settings.optional(prefix + "-password"),
                    settings.optional(prefix + "-password-file"), prefix + "-password-file");
            users = users.withClient(role, settings.optional(prefix + "-username"), password, prefix);
        }
        return users;
    }

    /** The merchant's rate limits: in this JVM, or in the shared PostgreSQL for all instances together. */
    private static MerchantRateLimiter rateLimiter(Settings settings, DataSource sharedDatabase) throws SQLException {
        int perSecond = settings.integer("payme.rate-limit.per-second");
        int perMinute = settings.integer("payme.rate-limit.per-minute");
        int maxWait = settings.integer("payme.rate-limit.max-wait-ms");
        if (sharedDatabase == null) {
            return new MerchantRateLimiter(perSecond, perMinute, maxWait);
        }
        SharedRateLimit sharedLimit = new SharedRateLimit(sharedDatabase, perSecond, perMinute, maxWait);
        sharedLimit.createTable();
        return new MerchantRateLimiter(perSecond, perMinute, maxWait, sharedLimit);
    }

    /**
     * Who runs the master: routes (tracking): on PostgreSQL the instance holding an advisory lock, on a dedicated
     * connection; with any other store this one instance (H2 in a file opens in one process only).
     */
    private static CamelClusterService leadership(Settings settings, HikariDataSource sharedDatabase) {
        if (sharedDatabase == null) {
            return new SingleInstanceLeadership("local");
        }
        return new PostgresLeadership(memberId(), () -> DriverManager.getConnection(sharedDatabase.getJdbcUrl(),
                sharedDatabase.getUsername(), sharedDatabase.getPassword()), settings.integer("payme.cluster.retry-ms"));
    }

    /** This instance in the leadership log lines: host and process id. */
    private static String memberId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    static boolean isPostgres(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length());
    }

    /** The order store's database: H2 in a file by default, any JDBC URL (PostgreSQL included) by configuration. */
    private static HikariDataSource dataSource(CamelContext context, Settings settings) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setPoolName("payme-store");
        String url = closedOnlyByTheApplication(settings.text("payme.store.url"));
        String username = settings.optional("payme.store.username");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(StorePassword.resolve(url, username, Secrets.read("payme.store.password",
                settings.optional("payme.store.password"), "payme.store.password-file",
                settings.optional("payme.store.password-file"), settings.flag("payme.sandbox.enabled"))));
        config.setMaximumPoolSize(settings.integer("payme.store.pool-size"));
        HikariDataSource dataSource = new HikariDataSource(config);
        context.addService(new ClosedAfterRoutes("Order store", dataSource), true, true);
        return dataSource;
    }

    /** H2 closes its databases in a JVM shutdown hook of its own, under the exchanges still finishing: switched off. */
    public static String closedOnlyByTheApplication(String url) {
        boolean h2 = url.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length());
        return h2 && !url.toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT") ? url + ";DB_CLOSE_ON_EXIT=FALSE" : url;
    }

    /** Closes a resource when Camel stops its services, which it does only after every route has shut down. */
    private static final class ClosedAfterRoutes extends ServiceSupport {

        private static final Logger LOG = LoggerFactory.getLogger(PaymeAppConfiguration.class);
        private final String name;
        private final AutoCloseable resource;

        ClosedAfterRoutes(String name, AutoCloseable resource) {
            this.name = name;
            this.resource = resource;
        }

        @Override
        protected void doStop() throws Exception {
            resource.close();
            LOG.info("{} closed", name);
        }
    }

    /**
     * Camel defers starting the endpoints and producers created while it stops, so an exchange finishing during the
     * graceful shutdown could not use an endpoint or producer created then: they start at once instead.
     */
    private static final class StartedWhileRoutesDrain extends LifecycleStrategySupport {

        @Override
        public void onEndpointAdd(Endpoint endpoint) {
            startIfStopping(endpoint.getCamelContext(), endpoint);
        }

        @Override
        public void onServiceAdd(CamelContext context, Service service, Route route) {
            if (service instanceof Producer) {
                startIfStopping(context, service);
            }
        }

        private static void startIfStopping(CamelContext context, Service service) {
            if (context.isStopping()) {
                ServiceHelper.startService(service);
            }
        }
    }

    /** Typed access to properties, with errors that name the key. */
    private record Settings(PropertiesComponent properties) {

        String text(String key) {
            return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty())
                    .orElseThrow(() -> new IllegalArgumentException("Property " + key + " is required"));
        }

        String optional(String key) {
            return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
        }

        int integer(String key) {
            try {
                return Integer.parseInt(text(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Property " + key + " must be a whole number");
            }
        }

        boolean flag(String key) {
            String value = text(key);
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("Property " + key + " must be true or false");
            }
            return Boolean.parseBoolean(value);
        }
    }
}
