package dev.camelpayme.app.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.FlowVariables;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.TransportHeaders;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.RefundStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Set;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the route payme-reconcile asks: start a day's reconciliation, read QFPay's records page by page (each page a
 * payme:query call inside the merchant's rate limit), then compare them with the store, act, and report. A page
 * that cannot be read fails the whole run: nothing is concluded from part of a day.
 */
public class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** How often in a row one page may find no room in the merchant's rate limit before the run fails. */
    static final int RATE_LIMITED_TRIES = 20;
    private static final String RATE_LIMITED = "paymeReconciliationRateLimited";

    private final Reconciler reconciler;
    private final Clock clock;
    private final int maxPages;

    /**
     * @param paidCodes the query record codes that mean paid (payme.codes.query.paid)
     * @param maxPages  the most pages of 100 records one day may have (payme.reconciliation.max-pages)
     */
    public Reconciliation(PaymentStore payments, RefundStore refunds, Clock clock, String paidCodes, int maxPages) {
        this.reconciler = new Reconciler(payments, refunds, Set.of(paidCodes.split("\\s*,\\s*")));
        this.clock = clock;
        this.maxPages = maxPages;
    }

    /** Starts reconciling the day in the body ({@code yyyy-MM-dd}): the body becomes the query of its first page. */
    public void start(Exchange exchange) {
        LocalDate day = LocalDate.parse(exchange.getMessage().getBody(String.class).trim());
        ReconciliationRun run = new ReconciliationRun(new ReconciliationDay(day), maxPages);
        TransportHeaders.clear(exchange.getMessage());
        exchange.getMessage().getHeaders().clear();
        exchange.setVariable(FlowVariables.RECONCILIATION, run);
        exchange.setVariable(FlowVariables.RECONCILIATION_MORE, true);
        exchange.getMessage().setBody(run.nextQuery());
        LOG.info("Reconciling {} with QFPay's records", day);
    }

    /**
     * Reads one page of QFPay's answer (the body); the body becomes the next page's query while there is one.
     *
     * @throws ReconciliationFailedException when the page is not a usable answer
     */
    public void readPage(Exchange exchange) {
        ReconciliationRun run = run(exchange);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        TransportHeaders.clear(exchange.getMessage());
        JsonNode answer;
        try {
            answer = status != null && status == 200 && body != null ? PaymeJson.MAPPER.readTree(body) : null;
        } catch (java.io.IOException notJson) {
            answer = null;
        }
        if (answer == null || !"0000".equals(answer.path("respcd").asText())) {
            throw new ReconciliationFailedException("QFPay's records of " + run.day() + " could not be read: page "
                    + run.pages() + " was answered " + (status == null || status != 200 ? "HTTP " + status
                    : answer == null ? "with a body that is not JSON" : "respcd " + answer.path("respcd").asText()));
        }
        exchange.removeVariable(RATE_LIMITED);
        boolean more = run.add(answer.path("data"));
        exchange.setVariable(FlowVariables.RECONCILIATION_MORE, more);
        exchange.getMessage().setBody(more ? run.nextQuery() : null);
    }

    /**
     * The merchant's rate limit had no room for the page's call in time: the same page is asked again a second later
     * (the route waits), up to {@link #RATE_LIMITED_TRIES} times in a row, then the run fails (and runs again later).
     */
    public void rateLimited(Exchange exchange) {
        ReconciliationRun run = run(exchange);
        int tries = exchange.getVariable(RATE_LIMITED, 0, Integer.class) + 1;
        if (tries >= RATE_LIMITED_TRIES) {
            throw new ReconciliationFailedException("QFPay's records of " + run.day() + " could not be read: the"
                    + " merchant's rate limit had no room for page " + run.pages() + " in " + tries + " tries");
        }
        exchange.setVariable(RATE_LIMITED, tries);
        TransportHeaders.clear(exchange.getMessage());
        exchange.getMessage().setBody(run.currentQuery());
    }

    /**
     * Compares the records read with the store and acts on them. The body becomes the report (JSON) and the variable
     * paymeReconciliationCsv its CSV; the outcomes to deliver are left in paymeReconciledPayments and
     * paymeReconciledRefunds; CamelFileName names the report's files, one pair per run.
     */
    public void compare(Exchange exchange) throws SQLException {
        ReconciliationRun run = run(exchange);
        ReconciliationResult result = reconciler.reconcile(run);
        ReconciliationReport report = ReconciliationReport.of(result, clock.instant().toString());
        exchange.setVariable(FlowVariables.RECONCILED_PAYMENTS, result.paidOutcomes());
        exchange.setVariable(FlowVariables.RECONCILED_REFUNDS, result.refundOutcomes());
        exchange.setVariable(FlowVariables.RECONCILIATION_CSV, report.csv());
        exchange.setVariable(FlowVariables.OUTCOME_NAME, "reconciliation-" + run.day() + "-"
                + RUN_STAMP.format(clock.instant()));
        exchange.getMessage().setBody(report.json());
        LOG.info("Reconciled {}: {} QFPay records in {} pages, {} mismatches, {} orders moved to PAID, {} refunds"
                + " booked", run.day(), result.qfpayRecords(), result.pages(), result.mismatches().size(),
                result.paidOutcomes().size(), result.refundOutcomes().size());
    }

    /** A delivery of an outcome the reconciliation settled failed: the sweepers deliver it after the lease. */
    public void deliveryFailed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Reconciliation could not deliver an outcome now ({}); the redelivery sweeper delivers it later",
                cause == null ? "unknown" : cause.getClass().getSimpleName());
    }

    private static ReconciliationRun run(Exchange exchange) {
        return Objects.requireNonNull(exchange.getVariable(FlowVariables.RECONCILIATION, ReconciliationRun.class),
                "start(exchange) begins a reconciliation first");
    }
}
