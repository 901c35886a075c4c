package dev.camelpayme.app.notification;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.camelpayme.app.FlowVariables;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.TransportHeaders;
import dev.camelpayme.app.metrics.PaymeMetrics;
import dev.camelpayme.app.payment.OutcomeStatus;
import dev.camelpayme.app.payment.PaymentEvent;
import dev.camelpayme.app.payment.PaymentFlow;
import dev.camelpayme.app.payment.PaymentOutcome;
import dev.camelpayme.app.payment.PaymentOutcomes;
import dev.camelpayme.app.payment.PaymentState;
import dev.camelpayme.app.refund.RefundEvent;
import dev.camelpayme.app.refund.RefundOutcome;
import dev.camelpayme.app.refund.RefundOutcomeLine;
import dev.camelpayme.app.refund.RefundsMadeElsewhere;
import dev.camelpayme.app.refund.RefundState;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.RefundStore;
import dev.camelpayme.component.PaymeConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QFPay's asynchronous notifications, once payme:notification has verified them over their raw bytes: kept
 * durably with their signature (and only once per syssn and notify_type) before QFPay hears SUCCESS, queued as those
 * bytes and signature, verified again where they are consumed, then routed: a payment to the paid
 * endpoint as PAID (flagged late if the order had been given up), a refund to the refunded endpoint unless the
 * refund's own flow reports it (one made in QFPay's portal is booked first, once), anything that does not match its
 * order to the error endpoint.
 */
public class NotificationInbox {

    /** How a kept notification is routed (the variable paymeNotificationRoute). */
    public enum Route { PAID, REFUND, MISMATCH, DUPLICATE }

    /** The JMS property naming a notification handed on to routing: its syssn and notify_type. */
    public static final String KEY_HEADER = "PaymeNotification";

    private static final Logger LOG = LoggerFactory.getLogger(NotificationInbox.class);
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };

    private static final int SETTLE_TRIES = 3;

    private final PaymentStore store;
    private final RefundStore refunds;
    private final RefundsMadeElsewhere elsewhere;
    private final Clock clock;

    public NotificationInbox(PaymentStore store, RefundStore refunds) {
        this(store, refunds, Clock.systemUTC());
    }

    public NotificationInbox(PaymentStore store, RefundStore refunds, Clock clock) {
        this.store = store;
        this.refunds = refunds;
        this.elsewhere = new RefundsMadeElsewhere(refunds);
        this.clock = clock;
    }

    /**
     * Keeps a verified notification with its signature (the outbox); the message becomes its raw bytes and their
     * X-QF-SIGN, to be handed on to routing, which verifies them again, unless it was handed on before (paymeHandOn).
     */
    public void accept(Exchange exchange, byte[] raw) throws SQLException {
        Message message = exchange.getMessage();
        String syssn = message.getHeader(PaymeConstants.SYSSN, String.class);
        String type = message.getHeader(PaymeConstants.NOTIFY_TYPE, String.class);
        // verified, so 32 hex digits once trimmed, as the verifier compares it
        String signature = message.getHeader(PaymeConstants.SIGN, "", String.class).trim();
        String text = new String(raw, StandardCharsets.UTF_8);
        PaymentStore.Inbox kept = syssn == null || type == null ? PaymentStore.Inbox.ROUTED
                : store.keepNotification(syssn, type, message.getHeader(PaymeConstants.OUT_TRADE_NO, String.class), text,
                        signature);
        TransportHeaders.clear(message);
        exchange.setVariable(FlowVariables.HAND_ON, kept != PaymentStore.Inbox.ROUTED);
        PaymeMetrics.of(exchange.getContext()).notification(kept == PaymentStore.Inbox.NEW ? "verified" : "duplicate");
        message.setBody(raw);
        message.setHeader(PaymeConstants.SIGN, signature);
        message.setHeader(KEY_HEADER, syssn + "/" + type);
        LOG.info("Notification {} for syssn {} kept{}", type, syssn, switch (kept) {
            case NEW -> "";
            case UNROUTED -> " before but never handed on: handed on now";
            case ROUTED -> " before: a repeat, routed once only";
        });
    }

    /** The notification (named by the header PaymeNotification) is on the routing queue: the outbox is done with it. */
    public void handedOn(Exchange exchange) throws SQLException {
        String[] key = exchange.getMessage().getHeader(KEY_HEADER, "", String.class).split("/", 2);
        if (key.length == 2) {
            store.notificationRouted(key[0], key[1]);
        }
        exchange.getMessage().removeHeader(KEY_HEADER);
    }

    /** Notifications kept but never handed on (longer than the lease ago), each taken by this sweeper. */
    public List<Map<String, String>> unrouted() throws SQLException {
        return store.takeUnroutedNotifications(100).stream()
                .map(n -> Map.of("key", n.syssn() + "/" + n.notifyType(), "body", n.body(), "signature", n.signature()))
                .toList();
    }

    /**
     * Prepares an unrouted notification (the body's map) to be handed on: the message becomes its raw bytes (the
     * kept text was verified as strict UTF-8, so these are the bytes QFPay signed) and their X-QF-SIGN.
     */
    public void resumeUnrouted(Exchange exchange) {
        Map<?, ?> unrouted = exchange.getMessage().getBody(Map.class);
        TransportHeaders.clear(exchange.getMessage());
        exchange.getMessage().setBody(String.valueOf(unrouted.get("body")).getBytes(StandardCharsets.UTF_8));
        exchange.getMessage().setHeader(PaymeConstants.SIGN, unrouted.get("signature"));
        exchange.getMessage().setHeader(KEY_HEADER, unrouted.get("key"));
    }

    /**
     * Decides where a kept notification goes, once payme:notification has verified it again where it was consumed
     * (the body is then its verified fields); the body becomes the message to deliver.
     *
     * @throws IllegalStateException if the body is not such fields: nothing unverified is ever routed
     */
    public void route(Exchange exchange) throws SQLException {
        if (!(exchange.getMessage().getBody() instanceof Map<?, ?> verified)) {
            throw new IllegalStateException("Only a notification verified by payme:notification is routed");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        verified.forEach((name, value) -> fields.put(String.valueOf(name), value));
        TransportHeaders.clear(exchange.getMessage());
        String outTradeNo = text(fields.get("out_trade_no"));
        if ("refund".equals(fields.get("notify_type"))) {
            routeRefund(exchange, fields);
            return;
        }
        Optional<String[]> attempt = outTradeNo == null ? Optional.empty() : store.orderOfAttempt(outTradeNo);
        if (attempt.isEmpty()) {
            mismatch(exchange, fields, "no payment attempt with out_trade_no " + outTradeNo + " was made here");
            return;
        }
        Map<String, Object> request = PaymeJson.read(attempt.get()[1], FIELDS);
        if (!Objects.equals(text(fields.get("txamt")), text(request.get("txamt")))
                || !Objects.equals(text(fields.get("txcurrcd")), text(request.get("txcurrcd")))) {
            mismatch(exchange, fields, "the notification says " + fields.get("txamt") + " " + fields.get("txcurrcd")
                    + " but the order asked for " + request.get("txamt") + " " + request.get("txcurrcd"));
            return;
        }
        for (int tries = 0; tries < SETTLE_TRIES; tries++) {
            PaymentStore.Row order = store.find(attempt.get()[0]).orElseThrow();
            if (order.state() == PaymentState.PAID) {
                break; // paid already, by a query or an earlier notification: that one delivered it
            }
            PaymentOutcome outcome = paidOutcome(order.orderId(), fields);
            PaymentEvent event = PaymentEvent.NOTIFIED_PAID.from().contains(order.state())
                    ? PaymentEvent.NOTIFIED_PAID : PaymentEvent.PAID_LATE;
            if (event == PaymentEvent.PAID_LATE) {
                // stored as it is delivered: a repeat of the order, or a delivery again, says late too
                outcome.setLate(true);
                outcome.setReason(outcome.getReason() + ", after the order had been given up (" + order.state()
                        + "): keep the payment or refund it");
            }
            Optional<PaymentStore.Row> paid = store.apply(order.orderId(), event,
                    PaymentFlow.stored(outcome).ifVersion(order.version()));
            if (paid.isPresent()) {
                PaymentOutcomes.log(outcome);
                exchange.setVariable(FlowVariables.OUTCOME, outcome);
                exchange.setVariable(FlowVariables.OUTCOME_STATUS, outcome.getOutcome().name());
                exchange.setVariable(FlowVariables.VERSION, paid.get().version());
                exchange.setVariable(FlowVariables.TRANSITION, event.name());
                deliver(exchange, Route.PAID, paid.get().outcome(), outcome.getOutTradeNo());
                return;
            }
            // the order moved on meanwhile: look again
        }
        LOG.info("Notification for syssn {} confirms a payment already reported", fields.get("syssn"));
        exchange.setVariable(FlowVariables.NOTIFICATION_ROUTE, Route.DUPLICATE.name());
    }

    /**
     * A refund requested here is reported by its own flow (query-first, so it always ends), so its notification is
     * delivered only when it settles the refund first: still pending, or given up as FAILED or UNKNOWN (then flagged
     * late). A refund not requested here, made in QFPay's portal for example, is delivered as QFPay tells it.
     */
    private void routeRefund(Exchange exchange, Map<String, Object> fields) throws SQLException {
        for (int tries = 0; tries < SETTLE_TRIES; tries++) {
            Optional<RefundStore.Row> match = refundNamedBy(fields);
            if (match.isEmpty()) {
                routeRefundMadeElsewhere(exchange, fields);
                return;
            }
            RefundStore.Row row = match.get();
            if (!String.valueOf(row.txamt()).equals(text(fields.get("txamt")))) {
                mismatch(exchange, fields, "the notification says " + fields.get("txamt") + " but refund "
                        + row.refundId() + " asked for " + row.txamt());
                return;
            }
            if (row.state() == RefundState.REFUNDED) {
                break;
            }
            RefundOutcome refund = refundedByNotification(row, fields);
            String json = PaymeJson.write(refund);
            RefundEvent event = RefundEvent.NOTIFIED_REFUNDED.from().contains(row.state())
                    ? RefundEvent.NOTIFIED_REFUNDED : RefundEvent.REFUNDED_LATE;
            if (refunds.settle(row.refundId(), event, row.parkSeq(), json)) {
                RefundOutcomeLine.log(refund);
                exchange.setVariable(FlowVariables.REFUND, refund);
                deliver(exchange, Route.REFUND, json, "refund-" + row.refundId());
                return;
            }
            // the refund moved on meanwhile: look again
        }
        LOG.info("Refund notification for syssn {} confirms a refund already reported", fields.get("syssn"));
        exchange.setVariable(FlowVariables.NOTIFICATION_ROUTE, Route.DUPLICATE.name());
    }

    /**
     * A refund not requested here (made in QFPay's portal, say). Of a payment made here, it is booked REFUNDED under
     * QFPay's syssn, as the daily reconciliation books it, and delivered by whichever of the two books it first; the
     * other finds it booked. Of a payment not known here, it is delivered as QFPay tells it, for a person to reconcile.
     */
    private void routeRefundMadeElsewhere(Exchange exchange, Map<String, Object> fields) throws SQLException {
        String syssn = text(fields.get("syssn"));
        String origssn = text(fields.get("origssn"));
        String txamt = text(fields.get("txamt"));
        Optional<String> orderId = origssn == null ? Optional.empty() : store.paidOrderWithSyssn(origssn);
        if (syssn == null || orderId.isEmpty() || txamt == null || !txamt.matches("[0-9]{1,11}")) {
            fields.put("outcome", "REFUNDED");
            fields.put("reason", "QFPay notified a refund that was not requested here: reconcile it");
            deliver(exchange, Route.REFUND, PaymeJson.write(fields), "refund-" + safe(syssn));
            return;
        }
        Optional<String> booked = elsewhere.book(new RefundsMadeElsewhere.Refund(orderId.get(), syssn, origssn,
                text(fields.get("out_trade_no")), Long.parseLong(txamt), text(fields.get("txcurrcd")),
                text(fields.get("txdtm")), RefundsMadeElsewhere.madeAt(text(fields.get("sysdtm")), clock.millis())),
                "A verified QFPay notification");
        if (booked.isEmpty()) {
            LOG.info("Refund notification for syssn {} confirms a refund already booked", syssn);
            exchange.setVariable(FlowVariables.NOTIFICATION_ROUTE, Route.DUPLICATE.name());
            return;
        }
        exchange.setVariable(FlowVariables.REFUND, PaymeJson.read(booked.get(), RefundOutcome.class));
        deliver(exchange, Route.REFUND, booked.get(), "refund-" + RefundsMadeElsewhere.refundIdOf(syssn));
    }

    /**
     * The refund a notification is about: the one whose attempt has its out_trade_no or, since QFPay does not say
     * whether a refund notification names the refund or the refunded payment (reference Q13), the refund of that
     * payment with the same amount (a refunded one first; otherwise only if it is the only one).
     */
    private Optional<RefundStore.Row> refundNamedBy(Map<String, Object> fields) throws SQLException {
        String outTradeNo = text(fields.get("out_trade_no"));
        Optional<RefundStore.Row> exact = outTradeNo == null ? Optional.empty() : refunds.findByOutTradeNo(outTradeNo);
        if (exact.isPresent()) {
            return exact;
        }
        Optional<String> orderId = outTradeNo == null ? Optional.empty()
                : store.orderOfAttempt(outTradeNo).map(attempt -> attempt[0]);
        String origssn = text(fields.get("origssn"));
        if (orderId.isEmpty() && origssn != null) {
            orderId = store.paidOrderWithSyssn(origssn);
        }
        if (orderId.isEmpty()) {
            return Optional.empty();
        }
        String txamt = text(fields.get("txamt"));
        List<RefundStore.Row> sameAmount = refunds.findByOrder(orderId.get()).stream()
                .filter(row -> String.valueOf(row.txamt()).equals(txamt)).toList();
        return sameAmount.stream().filter(row -> row.state() == RefundState.REFUNDED).findFirst()
                .or(() -> sameAmount.size() == 1 ? Optional.of(sameAmount.get(0)) : Optional.empty());
    }

    private static RefundOutcome refundedByNotification(RefundStore.Row row, Map<String, Object> fields) {
        RefundOutcome refund = row.outcome() != null ? PaymeJson.read(row.outcome(), RefundOutcome.class)
                : new RefundOutcome();
        refund.setRefundId(row.refundId());
        refund.setOrderId(row.orderId());
        refund.setOrigSyssn(row.origSyssn());
        refund.setOutTradeNo(row.outTradeNo());
        refund.setTxamt(String.valueOf(row.txamt()));
        if (refund.getTxcurrcd() == null) {
            refund.setTxcurrcd(text(fields.get("txcurrcd")));
        }
        String syssn = text(fields.get("syssn"));
        if (syssn != null && !syssn.equals(row.origSyssn())) {
            refund.setSyssn(syssn);
        }
        refund.setOutcome("REFUNDED");
        refund.setRespcd("0000");
        refund.setResperr(null);
        boolean late = row.state() == RefundState.FAILED || row.state() == RefundState.UNKNOWN;
        refund.setLate(late ? Boolean.TRUE : null);
        refund.setReason("A verified QFPay notification says the refund was made" + (late
                ? ", after it had been reported FAILED: it counts as refunded now; reconcile with QFPay" : ""));
        return refund;
    }

    private static PaymentOutcome paidOutcome(String orderId, Map<String, Object> fields) {
        PaymentOutcome outcome = new PaymentOutcome();
        outcome.setOrderId(orderId);
        outcome.setOutTradeNo(text(fields.get("out_trade_no")));
        outcome.setOutcome(OutcomeStatus.PAID);
        outcome.setRespcd(text(fields.get("respcd")));
        outcome.setSyssn(text(fields.get("syssn")));
        outcome.setTxamt(text(fields.get("txamt")));
        outcome.setTxcurrcd(text(fields.get("txcurrcd")));
        outcome.setPayType(text(fields.get("pay_type")));
        outcome.setTxdtm(text(fields.get("txdtm")));
        outcome.setReason("A verified QFPay notification says the shopper paid at " + fields.get("paydtm"));
        return outcome;
    }

    private static void mismatch(Exchange exchange, Map<String, Object> fields, String why) {
        LOG.warn("Notification for syssn {} does not match its order: {}", fields.get("syssn"), why);
        fields.put("outcome", "FAILED");
        fields.put("reason", "Notification not accepted: " + why);
        deliver(exchange, Route.MISMATCH, PaymeJson.write(fields), "notification-" + safe(text(fields.get("syssn"))));
    }

    private static void deliver(Exchange exchange, Route route, String body, String name) {
        exchange.setVariable(FlowVariables.NOTIFICATION_ROUTE, route.name());
        if (route == Route.REFUND) {
            exchange.setVariable(FlowVariables.OUTCOME_STATUS, "REFUNDED");
        }
        exchange.setVariable(FlowVariables.OUTCOME_NAME, name);
        exchange.getMessage().setBody(body);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static String safe(String value) {
        return value == null ? "unknown" : value.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
