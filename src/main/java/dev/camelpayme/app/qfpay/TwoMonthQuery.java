package dev.camelpayme.app.qfpay;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelpayme.app.FlowVariables;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.TransportHeaders;
import dev.camelpayme.component.PaymeConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * A query by out_trade_no whose window reaches into the adjacent calendar month is asked twice, once per month, since
 * QFPay searches one month per call (reference section 4.6): a record QFPay dated in the next month is otherwise
 * "not found" and the flows would send a new attempt. This bean, used by the route payme-qfpay-query, turns the first
 * answer into the second call and then combines both answers' records into one answer, so every caller reads one
 * answer as before. A failed half is the answer: the caller then never concludes from half the window.
 */
public class TwoMonthQuery {

    /** Exchange variable: true when the second call is to be made (the message is then its input). */
    public static final String SECOND_CALL = FlowVariables.QUERY_SECOND_CALL;
    /** Exchange variable: the first call's answer (JSON) while the second call is made. */
    public static final String FIRST_ANSWER = FlowVariables.QUERY_FIRST_ANSWER;

    /**
     * After the first call: if payme:query handed out a second window and the first answer is usable, keeps that
     * answer and makes the message the same query for the second window. Otherwise leaves the first answer as it is.
     */
    public void prepareSecondCall(Exchange exchange) {
        Message message = exchange.getMessage();
        Map<?, ?> window = message.getHeader(PaymeConstants.QUERY_SECOND_WINDOW, Map.class);
        Map<?, ?> signed = message.getHeader(PaymeConstants.REQUEST_FIELDS, Map.class);
        JsonNode first = window == null || signed == null ? null : usableAnswer(message);
        exchange.setVariable(SECOND_CALL, first != null);
        if (first == null) {
            return;
        }
        Map<String, Object> query = new LinkedHashMap<>();
        signed.forEach((name, value) -> query.put(String.valueOf(name), value));
        query.put("start_time", window.get("start_time"));
        query.put("end_time", window.get("end_time"));
        exchange.setVariable(FIRST_ANSWER, first);
        // the first answer's HTTP headers must not be sent on to QFPay with the second call
        TransportHeaders.clear(message);
        message.setBody(query);
    }

    /**
     * After the second call: its records are added to the first answer's {@code data}. An unusable second answer
     * (HTTP error, not JSON, a failed query call) stays the answer, so the caller sees the query as failed.
     */
    public void combineAnswers(Exchange exchange) {
        ObjectNode first = (ObjectNode) exchange.removeVariable(FIRST_ANSWER);
        exchange.removeVariable(SECOND_CALL);
        JsonNode second = usableAnswer(exchange.getMessage());
        if (first == null || second == null) {
            return;
        }
        ArrayNode records = PaymeJson.MAPPER.createArrayNode();
        records.addAll(records(first));
        records.addAll(records(second));
        ObjectNode combined = first.deepCopy();
        combined.set("data", records);
        exchange.getMessage().setBody(combined.toString());
    }

    /** The answer as a JSON object if it is HTTP 200 with a JSON object whose call respcd is 0000, else null. */
    private static JsonNode usableAnswer(Message message) {
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null || status != 200) {
            return null;
        }
        String body = message.getBody(String.class);
        // the body was read as a String: keep it, a stream could not be read a second time by the caller
        message.setBody(body);
        try {
            JsonNode answer = PaymeJson.MAPPER.readTree(body == null ? "" : body);
            return answer != null && answer.isObject() && "0000".equals(answer.path("respcd").asText()) ? answer : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    private static ArrayNode records(JsonNode answer) {
        JsonNode data = answer.path("data");
        return data.isArray() ? (ArrayNode) data : PaymeJson.MAPPER.createArrayNode();
    }
}
