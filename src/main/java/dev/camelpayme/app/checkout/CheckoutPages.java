package dev.camelpayme.app.checkout;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.camelpayme.app.ErrorBody;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.payment.OutcomeStatus;
import dev.camelpayme.app.payment.PaymentOutcome;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.component.OutTradeNos;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Answers the checkout paths of the notification listener: {@code GET /checkout/<order_id>/<token>} (the page) and
 * {@code GET /checkout/<order_id>/<token>/status} (its status as JSON). A wrong or missing token, an unknown order and
 * any other path get the same 404, so nothing tells whether an order id exists.
 */
public final class CheckoutPages {

    /** The same as the notification listener's own 404 for a path it does not serve. */
    static final String NOT_FOUND = ErrorBody.of(404);
    private static final String STATUS_SUFFIX = "/status";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final PaymentStore store;
    private final CheckoutTokens tokens;
    private final String merchantName;
    private final long redirectDelayMs;

    public CheckoutPages(PaymentStore store, CheckoutTokens tokens, String merchantName, long redirectDelayMs) {
        this.store = store;
        this.tokens = tokens;
        this.merchantName = merchantName;
        this.redirectDelayMs = redirectDelayMs;
    }

    /** Sets the answer to the request in {@code exchange} (the path in {@link Exchange#HTTP_URI}). */
    public void answer(Exchange exchange) throws SQLException {
        Message message = exchange.getMessage();
        String path = pathOf(message.getHeader(Exchange.HTTP_URI, "", String.class));
        boolean statusOnly = path.endsWith(STATUS_SUFFIX);
        String rest = path.startsWith(CheckoutLinks.PREFIX)
                ? path.substring(CheckoutLinks.PREFIX.length(), path.length() - (statusOnly ? STATUS_SUFFIX.length() : 0))
                : "";
        String[] parts = rest.split("/", -1);
        // the token first: a request without the right one never reaches the store
        boolean valid = parts.length == 2 && OutTradeNos.ID.matcher(parts[0]).matches()
                && tokens.matches(parts[0], parts[1]);
        message.removeHeaders("*");
        securityHeaders(message);
        if (valid && statusOnly) {
            // polled every second by every open page: the order's row only
            Optional<OutcomeStatus> status = store.find(parts[0]).map(row -> row.state().status());
            if (status.isPresent()) {
                message.setHeader(Exchange.CONTENT_TYPE, "application/json");
                message.setBody(PaymeJson.write(Map.of("status", status.get().name(),
                        "message", CheckoutMessages.of(status.get()))).getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        Optional<CheckoutOrder> order = valid && !statusOnly ? orderOf(parts[0]) : Optional.empty();
        if (order.isEmpty()) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, ErrorBody.CONTENT_TYPE);
            message.setBody(NOT_FOUND.getBytes(StandardCharsets.UTF_8));
        } else {
            String nonce = nonce();
            message.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; "
                    + "style-src 'nonce-" + nonce + "'; img-src data:; connect-src 'self'; base-uri 'none'; "
                    + "form-action 'none'; frame-ancestors 'none'");
            message.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
            message.setBody(CheckoutPage.render(order.get(), merchantName, "./" + parts[1] + STATUS_SUFFIX, nonce,
                    redirectDelayMs).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The same on every answer, a 404 included: no cache keeps a token's page, no frame shows it. */
    private static void securityHeaders(Message message) {
        message.setHeader("Cache-Control", "no-store");
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("X-Frame-Options", "DENY");
    }

    private Optional<CheckoutOrder> orderOf(String orderId) throws SQLException {
        Optional<PaymentStore.Row> found = store.find(orderId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PaymentStore.Row row = found.get();
        Optional<String> request = store.requestOf(row.outTradeNo());
        if (request.isEmpty()) {
            return Optional.empty();
        }
        try {
            Map<String, Object> fields = PaymeJson.MAPPER.readValue(request.get(), FIELDS);
            String payUrl = row.outcome() == null ? null
                    : PaymeJson.MAPPER.readValue(row.outcome(), PaymentOutcome.class).getPayUrl();
            return Optional.of(new CheckoutOrder(row.state().status(), payUrl, text(fields, "txamt"),
                    text(fields, "txcurrcd"), text(fields, "goods_name"), text(fields, "pay_type"),
                    text(fields, "return_url")));
        } catch (JsonProcessingException unreadable) {
            throw new IllegalStateException("The stored order " + orderId + " cannot be read", unreadable);
        }
    }

    private static String text(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? null : value.toString();
    }

    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private static String nonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
