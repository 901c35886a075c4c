package dev.camelpayme.app.qfpay;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.FlowVariables;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.TransportHeaders;
import dev.camelpayme.app.payment.PaymentOutcome;
import dev.camelpayme.component.PaymeConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Reads QFPay's HTTP answers into the flow variables the routes branch on. Anything other than HTTP 200 with a
 * JSON object is a transport failure: the call's effect at QFPay is then unknown (reference section 7.5).
 * QFPay's response headers are dropped here so they never travel on to outcome endpoints or replies.
 */
public class QfpayAnswers {

    /** Reads the answer of /trade/v1/payment into the outcome of the order that was just sent. */
    public void readPaymentAnswer(Exchange exchange) {
        PaymentOutcome outcome = outcomeOf(exchange);
        JsonNode answer = readAnswer(exchange);
        if (answer == null) {
            return;
        }
        outcome.setRespcd(text(answer, "respcd"));
        outcome.setResperr(text(answer, "resperr"));
        outcome.setSyssn(firstNonNull(text(answer, "syssn"), outcome.getSyssn()));
        outcome.setPayUrl(text(answer, "pay_url"));
        exchange.setVariable(FlowVariables.RESPCD, Objects.toString(outcome.getRespcd(), ""));
    }

    /**
     * Reads the answer of /trade/v1/query and finds the record of the order being polled. The call's own respcd
     * only says whether the query worked; the record's respcd is the transaction status (reference section 4.2).
     */
    public void readQueryAnswer(Exchange exchange) {
        PaymentOutcome outcome = outcomeOf(exchange);
        JsonNode answer = readAnswer(exchange);
        if (answer == null) {
            return;
        }
        String callRespcd = text(answer, "respcd");
        if (!"0000".equals(callRespcd)) {
            exchange.setVariable(FlowVariables.TRANSPORT_ERROR,
                    "the query call answered respcd " + callRespcd + " (" + text(answer, "resperr") + ")");
            return;
        }
        for (JsonNode record : answer.path("data")) {
            if (isRecordOf(record, outcome)) {
                outcome.setRespcd(text(record, "respcd"));
                outcome.setResperr(firstNonNull(text(record, "errmsg"), text(record, "resperr")));
                outcome.setSyssn(firstNonNull(text(record, "syssn"), outcome.getSyssn()));
                exchange.setVariable(FlowVariables.RECORD_RESPCD, outcome.getRespcd());
                return;
            }
        }
    }

    /**
     * Records why a call to QFPay failed before an answer could be read. A call that certainly never left (refused
     * connection, unknown host, connect timeout, our own rate limit) is RETRYABLE; one that may have reached QFPay
     * (read timeout, reset) is QUERY_FIRST (reference section 7.5).
     */
    public void transportFailure(Exchange exchange) {
        PaymentOutcome outcome = outcomeOf(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.setVariable(FlowVariables.TRANSPORT_ERROR, describe(cause));
        exchange.setVariable(FlowVariables.TRANSPORT_CLASS, neverSent(cause) ? RETRYABLE : QUERY_FIRST);
        TransportHeaders.clear(exchange.getMessage());
        if (outcome.getOrderId() == null) {
            exchange.setVariable(FlowVariables.OUTCOME, outcome);
        }
    }

    /** Why a call failed, as the outcome's reason tells it: the exception's simple class name and message. */
    public static String describe(Exception cause) {
        return cause == null ? "unknown error"
                : cause.getClass().getSimpleName() + ": " + Objects.toString(cause.getMessage(), "no message");
    }

    public static final String RETRYABLE = "RETRYABLE";
    public static final String QUERY_FIRST = "QUERY_FIRST";

    private static boolean neverSent(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof org.apache.hc.client5.http.ConnectTimeoutException
                    || t instanceof MerchantRateLimiter.RateLimitedException) {
                return true;
            }
        }
        return false;
    }

    /** QFPay's answer as JSON, or null with the reason in the flow variables (also used for refunds). */
    public static JsonNode readAnswer(Exchange exchange) {
        Message message = exchange.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = message.getBody(String.class);
        TransportHeaders.clear(message);
        if (status == null || status != 200) {
            exchange.setVariable(FlowVariables.TRANSPORT_ERROR, "QFPay answered HTTP " + status);
            // 429: refused by QFPay's rate limit, not processed; any other status: the effect is unknown
            exchange.setVariable(FlowVariables.TRANSPORT_CLASS, status != null && status == 429 ? RETRYABLE : QUERY_FIRST);
            return null;
        }
        try {
            JsonNode answer = PaymeJson.MAPPER.readTree(body == null ? "" : body);
            if (answer != null && answer.isObject()) {
                return answer;
            }
        } catch (java.io.IOException notJson) {
            // falls through: reported below without echoing the body
        }
        exchange.setVariable(FlowVariables.TRANSPORT_ERROR, "QFPay answered HTTP 200 with a body that is not a JSON object");
        exchange.setVariable(FlowVariables.TRANSPORT_CLASS, QUERY_FIRST);
        return null;
    }

    /** The outcome under construction: resumed by the poll route, or started from the payme producer's headers. */
    public static PaymentOutcome outcomeOf(Exchange exchange) {
        PaymentOutcome outcome = exchange.getVariable(FlowVariables.OUTCOME, PaymentOutcome.class);
        if (outcome != null) {
            return outcome;
        }
        Message in = exchange.getMessage();
        outcome = new PaymentOutcome();
        outcome.setOrderId(in.getHeader(PaymeConstants.ORDER_ID, String.class));
        outcome.setOutTradeNo(in.getHeader(PaymeConstants.OUT_TRADE_NO, String.class));
        outcome.setTxamt(in.getHeader(PaymeConstants.TXAMT, String.class));
        outcome.setTxcurrcd(in.getHeader(PaymeConstants.TXCURRCD, String.class));
        outcome.setPayType(in.getHeader(PaymeConstants.PAY_TYPE, String.class));
        outcome.setTxdtm(in.getHeader(PaymeConstants.TXDTM, String.class));
        exchange.setVariable(FlowVariables.OUTCOME, outcome);
        return outcome;
    }

    private static boolean isRecordOf(JsonNode record, PaymentOutcome outcome) {
        String type = text(record, "order_type");
        if (type != null && !"payment".equals(type)) {
            return false;
        }
        return Objects.equals(text(record, "out_trade_no"), outcome.getOutTradeNo())
                || outcome.getSyssn() != null && Objects.equals(text(record, "syssn"), outcome.getSyssn());
    }

    /** QFPay sends numbers as strings, and sometimes not (reference Q11): read every scalar as text. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
