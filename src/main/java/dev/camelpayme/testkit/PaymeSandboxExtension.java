package dev.camelpayme.testkit;

import dev.camelpayme.component.OutTradeNos;
import dev.camelpayme.component.PaymeComponent;
import dev.camelpayme.sandbox.QfpaySandbox;
import dev.camelpayme.sandbox.ReceivedRequest;
import dev.camelpayme.sandbox.SandboxCredentials;
import dev.camelpayme.sandbox.SandboxOrder;
import dev.camelpayme.sandbox.SentNotification;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that gives a test of the user's own {@code payme:} routes an embedded QFPay sandbox, offline.
 *
 * <pre>{@code
 * @RegisterExtension
 * final PaymeSandboxExtension qfpay = PaymeSandboxExtension.create();
 *
 * // in createCamelContext / configureContext:  qfpay.configure(context);
 * // in the route:   .to("payme:payment").to("{{payme.testkit.base-url}}/trade/v1/payment")
 * // in the test:    qfpay.pay("ORDER-1"); qfpay.sendNotification("ORDER-1", receiverUrl); qfpay.requests()
 * }</pre>
 *
 * The sandbox is started when the extension is built, so its {@link #baseUrl()} is known before the Camel context is
 * made. Registered on an instance field, it serves one test and stops after it; on a static field it serves the whole
 * class and forgets its orders and requests after each test. The client key is never logged or exposed.
 */
public final class PaymeSandboxExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    /** The property {@link #configure} sets to {@link #baseUrl()}, for {@code {{payme.testkit.base-url}}}. */
    public static final String BASE_URL_PROPERTY = "payme.testkit.base-url";

    private final QfpaySandbox sandbox;
    private final String clientKey;
    private volatile boolean classLevel;

    private PaymeSandboxExtension(Builder b) {
        QfpaySandbox.Builder sandboxBuilder = QfpaySandbox.builder().appCode(b.appCode).clientKey(b.clientKey)
                .mchid(b.mchid).pendingQueriesBeforePaid(b.pendingQueriesBeforePaid);
        if (b.notifyUrl != null) {
            // one immediate attempt: a test asserts on what arrived instead of waiting for QFPay's retry schedule
            sandboxBuilder.notifyUrl(b.notifyUrl).notifyRetryDelays(List.of());
        }
        this.sandbox = sandboxBuilder.build().start();
        this.clientKey = b.clientKey;
    }

    /** A sandbox with the demo credentials ({@code PAYME-SANDBOX-APP}), started at once. */
    public static PaymeSandboxExtension create() {
        return builder().build();
    }

    /** Settings for the sandbox: app code, client key, mchid, automatic notifications. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------ JUnit

    @Override
    public void beforeAll(ExtensionContext context) {
        classLevel = true; // only a static field's extension is called before all tests
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (classLevel) {
            sandbox.reset();
        } else {
            sandbox.stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sandbox.stop();
    }

    // ------------------------------------------------------------------------------------------------ wiring

    /**
     * Points the context's {@code payme} component (added if absent) at this sandbox: its app code, client key and
     * mchid; and sets the property {@value #BASE_URL_PROPERTY}. Call it before the context starts.
     */
    public void configure(CamelContext context) {
        PaymeComponent payme = context.hasComponent("payme") instanceof PaymeComponent existing ? existing
                : new PaymeComponent();
        payme.getConfiguration().setAppCode(sandbox.appCode());
        payme.getConfiguration().setClientKey(clientKey);
        sandbox.mchid().ifPresent(m -> {
            payme.getConfiguration().setMchid(m);
            payme.getConfiguration().setAllowedMchids(m);
        });
        if (context.hasComponent("payme") == null) {
            context.addComponent("payme", payme);
        }
        context.getPropertiesComponent().addInitialProperty(BASE_URL_PROPERTY, baseUrl());
    }

    /** {@code http://localhost:PORT}: where the route's HTTP call goes instead of QFPay's host. */
    public String baseUrl() {
        return sandbox.baseUrl();
    }

    /** {@link #baseUrl()} + {@code /trade/v1/payment}. */
    public String paymentUrl() {
        return baseUrl() + "/trade/v1/payment";
    }

    /** {@link #baseUrl()} + {@code /trade/v1/query}. */
    public String queryUrl() {
        return baseUrl() + "/trade/v1/query";
    }

    /** {@link #baseUrl()} + {@code /trade/v1/refund}. */
    public String refundUrl() {
        return baseUrl() + "/trade/v1/refund";
    }

    /** The app code the sandbox expects in {@code X-QF-APPCODE}. */
    public String appCode() {
        return sandbox.appCode();
    }

    /** A free TCP port for a server the test starts itself, such as its notification receiver. */
    public static int freePort() {
        return TestPorts.next();
    }

    // ------------------------------------------------------------------------------------------------ triggers

    /**
     * The shopper pays: by {@code out_trade_no} or {@code syssn}, or by the order id that {@code payme:payment} made
     * the {@code out_trade_no} from (its latest payment). Sends the notification if automatic notifications are on.
     *
     * @throws NoSuchElementException if the sandbox has no such payment
     * @throws IllegalStateException  if it expired
     */
    public PaidOrder pay(String orderIdOrOutTradeNo) {
        SandboxOrder paid = sandbox.markPaid(payment(orderIdOrOutTradeNo).syssn());
        return new PaidOrder(paid.outTradeNo(), paid.syssn(), paid.txamt(), paid.txcurrcd());
    }

    /**
     * Delivers the notification of a paid payment or a completed refund (by order id, {@code out_trade_no} or
     * {@code syssn}) once to the URL, with the body and {@code X-QF-SIGN} QFPay would send; waits for the answer.
     *
     * @throws NoSuchElementException if there is no such paid payment or completed refund
     */
    public DeliveredNotification sendNotification(String orderIdOrOutTradeNo, String url) {
        String id = sandbox.order(orderIdOrOutTradeNo).isPresent() ? orderIdOrOutTradeNo
                : payment(orderIdOrOutTradeNo).syssn();
        return delivered(sandbox.sendNotification(id, url));
    }

    /** The automatic notifications delivered so far (with {@link Builder#notifyUrl}), oldest first. */
    public List<DeliveredNotification> notifications() {
        return sandbox.notifications().stream().map(PaymeSandboxExtension::delivered)
                .collect(Collectors.toUnmodifiableList());
    }

    /** Forgets every order, request and notification. */
    public void reset() {
        sandbox.reset();
    }

    // ------------------------------------------------------------------------------------------------ inspection

    /** Every request received, oldest first. */
    public List<PaymeRequest> requests() {
        return sandbox.requests().stream().map(this::request).collect(Collectors.toUnmodifiableList());
    }

    /** The requests received on this path, e.g. {@code /trade/v1/payment}. */
    public List<PaymeRequest> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).collect(Collectors.toUnmodifiableList());
    }

    /** The sandbox itself, for its amount triggers and other controls (see {@link QfpaySandbox}). */
    public QfpaySandbox sandbox() {
        return sandbox;
    }

    private SandboxOrder payment(String orderIdOrOutTradeNo) {
        return sandbox.order(orderIdOrOutTradeNo).filter(SandboxOrder::isPayment)
                .or(() -> sandbox.paymentsCreatedFor(orderIdOrOutTradeNo + "-").stream()
                        .filter(o -> OutTradeNos.idOf(o.outTradeNo()).equals(orderIdOrOutTradeNo))
                        .max(Comparator.comparing(SandboxOrder::createdAt)))
                .orElseThrow(() -> new NoSuchElementException("the sandbox has no payment " + orderIdOrOutTradeNo));
    }

    private PaymeRequest request(ReceivedRequest r) {
        return new PaymeRequest(r.method(), r.path(), r.form(), sandbox.signatureValid(r), r.httpStatus(),
                r.respcd());
    }

    private static DeliveredNotification delivered(SentNotification n) {
        return new DeliveredNotification(n.notifyType(), n.outTradeNo(), n.syssn(), n.body(), n.signature(),
                n.httpStatus(), n.acknowledged());
    }

    @Override
    public String toString() {
        return "PaymeSandboxExtension[" + sandbox + "]";
    }

    /** Settings of the sandbox; every one has a default. */
    public static final class Builder {
        private String appCode = SandboxCredentials.APP_CODE;
        private String clientKey = SandboxCredentials.CLIENT_KEY;
        private String mchid;
        private String notifyUrl;
        private int pendingQueriesBeforePaid = 2;

        private Builder() {
        }

        /** The app code; default {@code PAYME-SANDBOX-APP}. */
        public Builder appCode(String appCode) {
            this.appCode = appCode;
            return this;
        }

        /** The client key the sandbox checks signatures with and {@link #configure} gives the component. */
        public Builder clientKey(String clientKey) {
            this.clientKey = clientKey;
            return this;
        }

        /** A merchant id that every request must carry; default none. */
        public Builder mchid(String mchid) {
            this.mchid = mchid;
            return this;
        }

        /** Where every payment and refund is notified at once when it succeeds (one attempt); default nowhere. */
        public Builder notifyUrl(String notifyUrl) {
            this.notifyUrl = notifyUrl;
            return this;
        }

        /** How many queries a pending-trigger amount stays pending; default 2. */
        public Builder pendingQueriesBeforePaid(int queries) {
            this.pendingQueriesBeforePaid = queries;
            return this;
        }

        /** Builds and starts the sandbox. */
        public PaymeSandboxExtension build() {
            return new PaymeSandboxExtension(this);
        }
    }
}
