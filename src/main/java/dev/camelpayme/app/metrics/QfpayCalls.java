package dev.camelpayme.app.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.camelpayme.app.PaymeJson;
import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts every call to QFPay where it returns, whichever route made it: Camel tells of each exchange sent to an
 * endpoint, and the calls to {@code .../trade/v1/payment}, {@code query} and {@code refund} are recorded by API,
 * respcd and time taken, and feed {@link QfpayReachability}. The answer is only peeked at for its top-level respcd:
 * the routes read it as before.
 */
public class QfpayCalls extends EventNotifierSupport {

    private static final Pattern API = Pattern.compile("/trade/v1/(payment|query|refund)(?:[?#].*)?$");
    private static final Pattern RESPCD = Pattern.compile("\\d{4}");

    private final PaymeMetrics metrics;
    private final QfpayReachability reachability;

    public QfpayCalls(PaymeMetrics metrics, QfpayReachability reachability) {
        this.metrics = metrics;
        this.reachability = reachability;
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        ExchangeSentEvent sent = (ExchangeSentEvent) event;
        Matcher api = API.matcher(sent.getEndpoint().getEndpointUri());
        if (!api.find()) {
            return;
        }
        Exchange exchange = sent.getExchange();
        String result = resultOf(exchange);
        metrics.qfpayCall(api.group(1), result, sent.getTimeTaken() * 1_000_000L);
        if (RESPCD.matcher(result).matches()) {
            reachability.answered();
        } else {
            reachability.failed(api.group(1), result);
        }
    }

    /** The answer's respcd; or transport_error, http_STATUS, not_json, or unread (a body streamed past memory). */
    static String resultOf(Exchange exchange) {
        if (exchange.getException() != null) {
            return "transport_error";
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null || status != 200) {
            return "http_" + status;
        }
        byte[] body = bodyOf(exchange);
        if (body == null) {
            return "unread";
        }
        String respcd = topLevelRespcd(body);
        return respcd != null && RESPCD.matcher(respcd).matches() ? respcd : "not_json";
    }

    /** The body's bytes if they can be read without taking them from the route: bytes, text or a stream cache. */
    private static byte[] bodyOf(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (body instanceof StreamCache cache) {
            try {
                cache.reset();
                ByteArrayOutputStream copy = new ByteArrayOutputStream();
                cache.writeTo(copy);
                return copy.toByteArray();
            } catch (IOException unreadable) {
                return null;
            } finally {
                cache.reset();
            }
        }
        return null;
    }

    /** The respcd field of the answer's outer object (the records of a query answer have their own). */
    static String topLevelRespcd(byte[] json) {
        try (JsonParser parser = PaymeJson.MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("respcd".equals(name) && value.isScalarValue()) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
