package dev.camelpayme.app.reconciliation;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.camelpayme.app.PaymeJson;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The report of one reconciliation: a JSON document (the day, how many of QFPay's records were read, a count per
 * kind of mismatch, and every mismatch with its action) and a CSV with one line per mismatch.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({ "date", "generated_at", "qfpay_records", "qfpay_pages", "paid_now", "refunds_booked",
        "mismatch_counts", "mismatches" })
@Schema(name = "ReconciliationReport", description = "The report of one reconciliation of a Hong Kong day",
        requiredProperties = { "date", "generated_at", "qfpay_records", "qfpay_pages", "paid_now", "refunds_booked",
                "mismatch_counts", "mismatches" })
public record ReconciliationReport(String date, String generatedAt, int qfpayRecords, int qfpayPages, int paidNow,
                                   int refundsBooked, Map<MismatchKind, Integer> mismatchCounts,
                                   List<Mismatch> mismatches) {

    static ReconciliationReport of(ReconciliationResult result, String generatedAt) {
        Map<MismatchKind, Integer> counts = new EnumMap<>(MismatchKind.class);
        result.mismatches().forEach(m -> counts.merge(m.kind(), 1, Integer::sum));
        return new ReconciliationReport(result.day().toString(), generatedAt, result.qfpayRecords(), result.pages(),
                result.paidOutcomes().size(), result.refundOutcomes().size(), counts, result.mismatches());
    }

    String json() {
        return PaymeJson.write(this);
    }

    /** A header line, then one line per mismatch; CRLF line ends and quoting as RFC 4180 has them. */
    String csv() {
        StringBuilder csv = new StringBuilder(String.join(",", Mismatch.COLUMNS)).append("\r\n");
        for (Mismatch mismatch : mismatches) {
            String[] values = mismatch.csvValues();
            for (int i = 0; i < values.length; i++) {
                csv.append(i == 0 ? "" : ",").append(cell(values[i]));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    /**
     * One CSV cell. Values from QFPay's records (an out_trade_no typed in its portal) are not trusted: a leading
     * {@code = + - @} is neutralised so that a spreadsheet never runs it as a formula.
     */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.matches("[^\",\r\n]*") ? safe : "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
