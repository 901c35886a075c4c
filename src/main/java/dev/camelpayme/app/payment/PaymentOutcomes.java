package dev.camelpayme.app.payment;

import java.util.List;
import java.util.Map;

import dev.camelpayme.app.FlowVariables;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.RejectionNames;
import dev.camelpayme.app.TransportHeaders;
import dev.camelpayme.app.checkout.CheckoutLinks;
import dev.camelpayme.app.metrics.PaymeMetrics;
import dev.camelpayme.app.qfpay.QfpayAnswers;
import dev.camelpayme.component.PaymeValidationException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the state of an order into its outcome message: sets the status and a reason a person can act on, writes
 * the outcome JSON as the body and names it. One method per status, so the routes read as what they decide.
 */
public class PaymentOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentOutcomes.class);
    static final String CONFLICT_RULE = "is already used by an order with other content: a repeat must send the"
            + " order exactly as before, a new order needs an order_id of its own";

    /** Builds the checkout_url of a CREATED outcome; null: outcomes carry none. */
    private final CheckoutLinks checkoutLinks;

    public PaymentOutcomes() {
        this(null);
    }

    public PaymentOutcomes(CheckoutLinks checkoutLinks) {
        this.checkoutLinks = checkoutLinks;
    }

    public void created(Exchange exchange) {
        if (checkoutLinks != null) {
            PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
            outcome.setCheckoutUrl(checkoutLinks.linkOf(outcome.getOrderId()));
        }
        finish(exchange, OutcomeStatus.CREATED,
                "QFPay created the order and issued its pay_url; the shopper has not paid yet");
    }

    public void pending(Exchange exchange) {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        finish(exchange, OutcomeStatus.PENDING, "QFPay answered respcd " + outcome.getRespcd()
                + " (pending); polling /trade/v1/query until the result is final");
    }

    public void paid(Exchange exchange) {
        finish(exchange, OutcomeStatus.PAID, "The query record says the shopper paid (respcd "
                + QfpayAnswers.outcomeOf(exchange).getRespcd() + ")");
    }

    public void failed(Exchange exchange) {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        String transportError = exchange.getVariable(FlowVariables.TRANSPORT_ERROR, String.class);
        String reason;
        if (transportError != null) {
            reason = "Transport failure calling QFPay: " + transportError + "; the call's effect at QFPay is unknown";
        } else if (exchange.getVariable(FlowVariables.RECORD_RESPCD) != null) {
            reason = "The query record has the final code " + outcome.getRespcd() + describe(outcome.getResperr())
                    + "; the order was not paid";
        } else {
            reason = "QFPay refused the order with respcd " + outcome.getRespcd() + describe(outcome.getResperr());
        }
        finish(exchange, OutcomeStatus.FAILED, reason);
    }

    /** A repeat of an order whose attempt another delivery is sending right now. */
    public void inProgress(Exchange exchange) {
        finish(exchange, OutcomeStatus.PENDING, "The order is being sent to QFPay by another delivery of it; "
                + "its outcome follows on the outcome endpoints");
    }

    /** Recovery could not learn the result of an attempt within its query budget. */
    public void unknown(Exchange exchange) {
        PaymeMetrics.of(exchange.getContext()).paymentUnknown();
        finish(exchange, OutcomeStatus.FAILED, "The result of attempt " + QfpayAnswers.outcomeOf(exchange).getOutTradeNo()
                + " stayed unknown: QFPay could not be queried ("
                + exchange.getVariable(FlowVariables.TRANSPORT_ERROR, String.class) + "); check it by hand");
    }

    public void expired(Exchange exchange) {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        finish(exchange, OutcomeStatus.EXPIRED, "Still pending (last respcd " + outcome.getRespcd() + ") after "
                + outcome.getQueries() + " queries, when polling reached its deadline");
    }

    /** The order failed validation in payme:payment: nothing was signed or sent. */
    public void rejected(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        PaymentOutcome outcome = new PaymentOutcome();
        outcome.setOrderId(RejectionNames.peek(exchange, "order_id"));
        if (cause instanceof PaymeValidationException invalid) {
            outcome.setErrors(invalid.getViolations().stream()
                    .map(v -> Map.of("field", v.field(), "rule", v.rule()))
                    .toList());
        }
        exchange.setVariable(FlowVariables.OUTCOME, outcome);
        TransportHeaders.clear(exchange.getMessage());
        finish(exchange, OutcomeStatus.REJECTED, cause == null ? "Invalid order" : cause.getMessage());
    }

    /**
     * The order_id is held by an order of other content: REJECTED with the caller's order_id only, so that nothing of
     * the other order (amount, state, syssn, pay_url) is told, and nothing is sent.
     */
    public static void conflict(Exchange exchange) {
        PaymentOutcome outcome = new PaymentOutcome();
        outcome.setOrderId(QfpayAnswers.outcomeOf(exchange).getOrderId());
        outcome.setErrors(List.of(Map.of("field", "order_id", "rule", CONFLICT_RULE)));
        exchange.setVariable(FlowVariables.OUTCOME, outcome);
        TransportHeaders.clear(exchange.getMessage());
        finish(exchange, OutcomeStatus.REJECTED, "Conflict: order_id " + outcome.getOrderId() + " " + CONFLICT_RULE);
    }

    public static void finish(Exchange exchange, OutcomeStatus status, String reason) {
        PaymentOutcome outcome = QfpayAnswers.outcomeOf(exchange);
        outcome.setOutcome(status);
        outcome.setReason(reason);
        exchange.getMessage().setBody(PaymeJson.write(outcome));
        exchange.setVariable(FlowVariables.OUTCOME_STATUS, status.name());
        exchange.setVariable(FlowVariables.OUTCOME_NAME, nameOf(outcome, exchange));
        log(outcome);
    }

    /**
     * One line per final outcome, in the same shape however it was learned (answer, query, notification,
     * reconciliation): {@code Order A-1 (A-1-1): PAID respcd=0000 - reason}. An order whose id could not be read is
     * named "Unreadable order", and one never sent has "not sent" for its attempt.
     */
    public static void log(PaymentOutcome outcome) {
        String orderId = outcome.getOrderId();
        LOG.info("{} ({}): {} respcd={} - {}",
                RejectionNames.isPlain(orderId) ? "Order " + orderId : "Unreadable order",
                outcome.getOutTradeNo() == null ? "not sent" : outcome.getOutTradeNo(), outcome.getOutcome(),
                outcome.getRespcd() == null ? "none" : outcome.getRespcd(), outcome.getReason());
    }

    /**
     * One name per attempt: its out_trade_no, or for a rejection {@code rejected-<order_id>}. A rejected order whose
     * id cannot be read (or is not a safe file name) is {@code rejected-unreadable-<UTC time>-<n>}: nothing of the
     * input ever reaches a file name.
     */
    public static String nameOf(PaymentOutcome outcome, Exchange exchange) {
        String base = outcome.getOutTradeNo() != null ? outcome.getOutTradeNo() : outcome.getOrderId();
        if (outcome.getOutcome() == OutcomeStatus.REJECTED) {
            return RejectionNames.of("rejected-", base);
        }
        return RejectionNames.isPlain(base) ? base : exchange.getExchangeId();
    }

    private static String describe(String resperr) {
        return resperr == null || resperr.isBlank() ? "" : " (" + resperr + ")";
    }
}
