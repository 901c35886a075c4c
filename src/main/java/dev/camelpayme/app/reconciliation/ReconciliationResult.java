package dev.camelpayme.app.reconciliation;

import java.util.List;
import java.util.Map;

/**
 * What one reconciliation found and did: the mismatches of its report, the payment outcomes it settled PAID (maps of
 * outcome and version, as the delivery route takes them) and the refund outcomes it booked REFUNDED (JSON), each to
 * be delivered once, as any outcome of its status.
 */
record ReconciliationResult(ReconciliationDay day, int qfpayRecords, int pages, List<Mismatch> mismatches,
                            List<Map<String, Object>> paidOutcomes, List<String> refundOutcomes) {
}
