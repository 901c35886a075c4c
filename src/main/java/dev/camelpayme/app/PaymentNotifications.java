package dev.camelpayme.app;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.camelpayme.app.OrderStore.State;
import dev.camelpayme.component.PaymeConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QFPay's asynchronous notifications, once payme:notification has verified them over their raw bytes: kept
 * durably (and only once per syssn and notify_type) before QFPay hears SUCCESS, then routed: a payment to the paid
 * endpoint as PAID (flagged late if the order had been given up), a refund to the refunded endpoint unless the
 * refund's own flow reports it, anything that does not match its order to the error endpoint.
 */
public class PaymentNotifications {

    /** How a kept notification is routed (the variable paymeNotificationRoute). */
    public enum Route { PAID, REFUND, MISMATCH, DUPLICATE }

    static final String ROUTE = "paymeNotificationRoute";
    static final String NEW = "paymeNotificationNew";

    private static final Logger LOG = LoggerFactory.getLogger(PaymentNotifications.class);
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };

    private static final int SETTLE_TRIES = 3;

    private final OrderStore store;
    private final RefundStore refunds;

    public PaymentNotifications(OrderStore store, RefundStore refunds) {
        this.store = store;
        this.refunds = refunds;
    }

    /** Keeps a verified notification; the body becomes its raw JSON text, to be routed from the queue. */
    public void accept(Exchange exchange, byte[] raw) throws SQLException {
        Message message = exchange.getMessage();
        String syssn = message.getHeader(PaymeConstants.SYSSN, String.class);
        String type = message.getHeader(PaymeConstants.NOTIFY_TYPE, String.class);
        String text = new String(raw, StandardCharsets.UTF_8);
        boolean fresh = syssn != null && type != null
                && store.acceptNotification(syssn, type, message.getHeader(PaymeConstants.OUT_TRADE_NO, String.class), text);
        exchange.setVariable(NEW, fresh);
        TransportHeaders.clear(message);
        message.setBody(text);
        LOG.info("Notification {} for syssn {} kept{}", type, syssn, fresh ? "" : " before: a repeat, routed once only");
    }

    /** Decides where a kept notification goes; the body becomes the message to deliver. */
    public void route(Exchange exchange) throws SQLException {
        Map<String, Object> fields = PaymeJson.read(exchange.getMessage().getBody(String.class), FIELDS);
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
        PaymentOutcome outcome = paidOutcome(attempt.get()[0], fields);
        Optional<State> before = store.paid(outcome.getOrderId(), previous -> {
            // stored as it is delivered: a repeat of the order, or a delivery again, says late too
            if (previous == State.EXPIRED || previous == State.FAILED) {
                outcome.setLate(true);
                outcome.setReason(outcome.getReason() + ", after the order had been given up (" + previous
                        + "): keep the payment or refund it");
            }
            return PaymeJson.write(outcome);
        });
        if (before.isEmpty()) {
            exchange.setVariable(ROUTE, Route.DUPLICATE.name());
            return;
        }
        exchange.setVariable(FlowVariables.OUTCOME, outcome);
        deliver(exchange, Route.PAID, PaymeJson.write(outcome), outcome.getOutTradeNo());
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
                fields.put("outcome", "REFUNDED");
                fields.put("reason", "QFPay notified a refund that was not requested here: reconcile it");
                deliver(exchange, Route.REFUND, PaymeJson.write(fields), "refund-" + safe(text(fields.get("syssn"))));
                return;
            }
            RefundStore.Row row = match.get();
            if (!String.valueOf(row.txamt()).equals(text(fields.get("txamt")))) {
                mismatch(exchange, fields, "the notification says " + fields.get("txamt") + " but refund "
                        + row.refundId() + " asked for " + row.txamt());
                return;
            }
            if (row.state() == RefundStore.State.REFUNDED) {
                break;
            }
            RefundOutcome refund = refundedByNotification(row, fields);
            String json = PaymeJson.write(refund);
            if (refunds.settle(row.refundId(), row.state(), RefundStore.State.REFUNDED, json)) {
                exchange.setVariable(RefundDesk.REFUND, refund);
                deliver(exchange, Route.REFUND, json, "refund-" + row.refundId());
                return;
            }
            // the refund moved on meanwhile: look again
        }
        LOG.info("Refund notification for syssn {} confirms a refund already reported", fields.get("syssn"));
        exchange.setVariable(ROUTE, Route.DUPLICATE.name());
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
        return sameAmount.stream().filter(row -> row.state() == RefundStore.State.REFUNDED).findFirst()
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
        boolean late = row.state() == RefundStore.State.FAILED || row.state() == RefundStore.State.UNKNOWN;
        refund.setLate(late ? Boolean.TRUE : null);
        refund.setReason("A verified QFPay notification says the refund was made" + (late
                ? ", after it had been reported FAILED: it counts as refunded now; reconcile with QFPay" : ""));
        return refund;
    }

    /** The paid order's PAID outcome reached the paid endpoint. */
    public void delivered(Exchange exchange) throws SQLException {
        PaymentOutcome outcome = exchange.getVariable(FlowVariables.OUTCOME, PaymentOutcome.class);
        if (outcome != null) {
            store.delivered(outcome.getOrderId());
        }
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
        exchange.setVariable(ROUTE, route.name());
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
