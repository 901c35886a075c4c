package dev.camelpayme.app.api;

import java.sql.SQLException;
import java.util.Optional;

import dev.camelpayme.app.ErrorBody;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.payment.OutcomeStatus;
import dev.camelpayme.app.payment.PaymentOutcome;
import dev.camelpayme.app.refund.RefundOutcome;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.RefundStore;
import dev.camelpayme.component.OutTradeNos;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the status API ({@code GET .../payments/{order_id}}, {@code GET .../refunds/{refund_id}}) from the store:
 * the outcome JSON stored for the order or refund, the same message its outcome endpoint receives. One that has no
 * outcome stored yet (its first attempt is being sent) is answered PENDING in the same shape. An unknown id, and one
 * that no order or refund could have (the POSTs' id rule), get one fixed 404, so an answer tells nothing of the id; a
 * store that cannot be asked, a fixed 503.
 */
public final class StoredOutcomes {

    /** The path parameters of the two GETs, as the REST DSL names them. */
    public static final String ORDER_ID = "order_id";
    public static final String REFUND_ID = "refund_id";
    /** The same as the server's own 404 for a path no operation serves: nothing tells an unknown id from a bad path. */
    static final String NOT_FOUND = ErrorBody.of(404);
    static final String UNAVAILABLE = ErrorBody.of(503, "Service Unavailable: the order store cannot be reached now;"
            + " try again");
    private static final Logger LOG = LoggerFactory.getLogger(StoredOutcomes.class);
    static final String SENDING = "The first attempt is being sent to QFPay; its outcome follows on the outcome endpoints";

    private final PaymentStore payments;
    private final RefundStore refunds;

    public StoredOutcomes(PaymentStore payments, RefundStore refunds) {
        this.payments = payments;
        this.refunds = refunds;
    }

    public void payment(Exchange exchange) {
        Optional<String> orderId = idOf(exchange, ORDER_ID);
        try {
            Optional<PaymentStore.Row> row = orderId.isPresent() ? payments.find(orderId.get()) : Optional.empty();
            answer(exchange, row.map(found -> found.outcome() != null ? found.outcome() : sendingPayment(found)));
        } catch (SQLException e) {
            unavailable(exchange, e);
        }
    }

    public void refund(Exchange exchange) {
        Optional<String> refundId = idOf(exchange, REFUND_ID);
        try {
            Optional<RefundStore.Row> row = refundId.isPresent() ? refunds.find(refundId.get()) : Optional.empty();
            answer(exchange, row.map(found -> found.outcome() != null ? found.outcome() : sendingRefund(found)));
        } catch (SQLException e) {
            unavailable(exchange, e);
        }
    }

    private static String sendingPayment(PaymentStore.Row row) {
        PaymentOutcome outcome = new PaymentOutcome();
        outcome.setOrderId(row.orderId());
        outcome.setOutTradeNo(row.outTradeNo());
        outcome.setOutcome(OutcomeStatus.PENDING);
        outcome.setReason(SENDING);
        return PaymeJson.write(outcome);
    }

    private static String sendingRefund(RefundStore.Row row) {
        RefundOutcome outcome = new RefundOutcome();
        outcome.setRefundId(row.refundId());
        outcome.setOrderId(row.orderId());
        outcome.setOrigSyssn(row.origSyssn());
        outcome.setOutTradeNo(row.outTradeNo());
        outcome.setOutcome(OutcomeStatus.PENDING.name());
        outcome.setTxamt(String.valueOf(row.txamt()));
        outcome.setTxdtm(row.txdtm());
        outcome.setReason(SENDING);
        return PaymeJson.write(outcome);
    }

    /** The path parameter if it is one id of the POSTs' rule; a list (a query parameter of the same name) is none. */
    private static Optional<String> idOf(Exchange exchange, String name) {
        Object id = exchange.getMessage().getHeader(name);
        return id instanceof String text && OutTradeNos.ID.matcher(text).matches() ? Optional.of(text)
                : Optional.empty();
    }

    /**
     * The store could not be asked: 503 with a fixed body rather than the exception (Camel's HTTP server would answer
     * a failed exchange with its stack trace), and one line in the log.
     */
    private static void unavailable(Exchange exchange, SQLException e) {
        LOG.warn("Status request not answered: the order store is unavailable ({}, SQLState {})",
                e.getClass().getSimpleName(), e.getSQLState());
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
        message.setHeader(Exchange.CONTENT_TYPE, ErrorBody.CONTENT_TYPE);
        message.setBody(UNAVAILABLE);
    }

    private static void answer(Exchange exchange, Optional<String> outcome) {
        Message message = exchange.getMessage();
        // nothing of the request goes back: its headers would otherwise be copied into the response
        message.getHeaders().clear();
        if (outcome.isPresent()) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody(outcome.get());
        } else {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, ErrorBody.CONTENT_TYPE);
            message.setBody(NOT_FOUND);
        }
    }
}
