package dev.camelpayme.app.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One reconciliation while it reads QFPay's records of its day, a page at a time. */
final class ReconciliationRun {

    /** QFPay's largest page (reference section 4.1). */
    static final int PAGE_SIZE = 100;

    private final ReconciliationDay day;
    private final int maxPages;
    private final List<QfpayRecord> records = new ArrayList<>();
    private int page;

    ReconciliationRun(ReconciliationDay day, int maxPages) {
        this.day = day;
        this.maxPages = maxPages;
    }

    ReconciliationDay day() {
        return day;
    }

    List<QfpayRecord> records() {
        return records;
    }

    int pages() {
        return page;
    }

    /** The query of the next page: the whole day's window, 100 records a page. */
    Map<String, Object> nextQuery() {
        page++;
        return currentQuery();
    }

    /** The query of the page being read, to ask again. */
    Map<String, Object> currentQuery() {
        return Map.of("start_time", day.startTime(), "end_time", day.endTime(), "page", String.valueOf(page),
                "page_size", String.valueOf(PAGE_SIZE));
    }

    /**
     * Keeps one page's records; true while there may be more (a full page). A day of more than {@code maxPages}
     * pages is refused rather than reconciled in part.
     */
    boolean add(JsonNode data) {
        int read = 0;
        if (data.isArray()) {
            for (JsonNode record : data) {
                records.add(QfpayRecord.of(record));
                read++;
            }
        } else if (data.isObject() && data.has("syssn")) {
            // QFPay's tables type data as an object (reference Q11): one record then
            records.add(QfpayRecord.of(data));
            read = 1;
        }
        boolean more = read >= PAGE_SIZE;
        if (more && page >= maxPages) {
            throw new IllegalStateException("QFPay holds more than " + maxPages + " pages of records for " + day
                    + " (payme.reconciliation.max-pages): not reconciled");
        }
        return more;
    }
}
