package dev.camelpayme.app.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.PaymeJson;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's two shapes: JSON with a count per kind, CSV one line per mismatch that a spreadsheet opens safely. */
class ReconciliationReportTest {

    private static final ReconciliationDay DAY = new ReconciliationDay(LocalDate.of(2026, 12, 1));

    private static ReconciliationReport report(Mismatch... mismatches) {
        return ReconciliationReport.of(new ReconciliationResult(DAY, 3, 1, List.of(mismatches), List.of(), List.of()),
                "2026-12-02T03:00:00Z");
    }

    @Test
    void theJsonCountsEachKindAndCarriesTheAction() throws Exception {
        JsonNode json = PaymeJson.MAPPER.readTree(report(
                new Mismatch(MismatchKind.PAID_UNKNOWN_HERE, null, null, "T-1", "S1", "100", "HKD", null, null, null),
                new Mismatch(MismatchKind.PAID_UNKNOWN_HERE, null, null, "T-2", "S2", "200", "HKD", null, null, null))
                .json());

        assertThat(json.path("date").asText()).isEqualTo("2026-12-01");
        assertThat(json.path("qfpay_records").asInt()).isEqualTo(3);
        assertThat(json.path("mismatch_counts").path("PAID_UNKNOWN_HERE").asInt()).isEqualTo(2);
        assertThat(json.path("mismatches").get(0).path("action").asText())
                .isEqualTo(MismatchKind.PAID_UNKNOWN_HERE.action());
        assertThat(json.path("mismatches").get(0).has("order_id")).as("nulls are left out").isFalse();
    }

    @Test
    void csvCellsAreQuotedAndNeverStartAFormula() {
        assertThat(ReconciliationReport.cell(null)).isEmpty();
        assertThat(ReconciliationReport.cell("T-1")).isEqualTo("T-1");
        assertThat(ReconciliationReport.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReconciliationReport.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReconciliationReport.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(ReconciliationReport.cell("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
        assertThat(ReconciliationReport.cell("+1")).isEqualTo("'+1");
        assertThat(ReconciliationReport.cell("-1")).isEqualTo("'-1");
        assertThat(ReconciliationReport.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }

    @Test
    void theCsvHasAHeaderAndOneLinePerMismatch() {
        String csv = report(new Mismatch(MismatchKind.AMOUNT_MISMATCH, "shop-1", null, "shop-1-x", "S1", "5300", "USD",
                "5200", "HKD", "CREATED")).csv();

        assertThat(csv.split("\r\n")).containsExactly(String.join(",", Mismatch.COLUMNS),
                "AMOUNT_MISMATCH,shop-1,,shop-1-x,S1,5300,USD,5200,HKD,CREATED,"
                        + MismatchKind.AMOUNT_MISMATCH.action());
    }
}
