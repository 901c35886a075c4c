package dev.camelpayme.app.reconciliation;

import dev.camelpayme.app.TransportHeaders;
import dev.camelpayme.component.JsonRequest;
import dev.camelpayme.component.PaymeValidationException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Reads a reconciliation asked for through the API, {@code {"date":"2026-12-01"}}: a Hong Kong day, not in the
 * future and within the last {@code maxDaysBack} days, read as strictly as an order. A refused request is answered
 * 400 with each field and rule, and nothing of what it sent.
 */
public class ReconciliationRequests {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private final Clock clock;
    private final int maxDaysBack;

    public ReconciliationRequests(Clock clock, int maxDaysBack) {
        if (maxDaysBack < 1) {
            throw new IllegalArgumentException("Property payme.reconciliation.max-days-back must be at least 1");
        }
        this.clock = clock;
        this.maxDaysBack = maxDaysBack;
    }

    /** The body (the request) becomes the day to reconcile, {@code yyyy-MM-dd}. */
    public void read(Exchange exchange) {
        JsonRequest request = JsonRequest.read(exchange, "reconciliation request", "reconciliation", Set.of("date"));
        String text = request.scalar("date");
        request.check(text != null, "date", "is required");
        LocalDate date = null;
        if (text != null) {
            try {
                date = LocalDate.parse(text, DATE);
            } catch (DateTimeParseException e) {
                request.check(false, "date", "must be a day written yyyy-MM-dd");
            }
        }
        if (date != null) {
            LocalDate today = LocalDate.now(clock.withZone(ReconciliationDay.HONG_KONG));
            request.check(!date.isAfter(today), "date", "must not be in the future (Hong Kong time)");
            request.check(!date.isBefore(today.minusDays(maxDaysBack)), "date",
                    "must be within the last " + maxDaysBack + " days");
        }
        request.throwIfAny();
        TransportHeaders.clear(exchange.getMessage());
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(date.toString());
    }

    /** The answer to a refused request: 400 with the fields and rules broken (never the values sent). */
    public void refused(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 400);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        Object errors = cause instanceof PaymeValidationException invalid ? invalid.getViolations().stream()
                .map(v -> Map.of("field", v.field(), "rule", v.rule())).toList() : java.util.List.of();
        exchange.getMessage().setBody(dev.camelpayme.app.PaymeJson.write(Map.of("outcome", "REJECTED",
                "errors", errors)));
    }

    /** The answer when QFPay's records could not be read: 502, saying why in our own words. */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 502);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(dev.camelpayme.app.PaymeJson.write(Map.of("outcome", "FAILED", "reason",
                cause instanceof ReconciliationFailedException ? cause.getMessage()
                        : "QFPay's records could not be read (" + (cause == null ? "unknown"
                        : cause.getClass().getSimpleName()) + "); nothing was concluded, ask again later")));
    }
}
