package dev.camelpayme.app.reconciliation;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One Hong Kong calendar day, as QFPay's query window asks for it: {@code start_time}..{@code end_time} on QFPay's
 * {@code sysdtm}, which always lies within one calendar month; and as this store's epoch milliseconds.
 */
public record ReconciliationDay(LocalDate date) {

    public static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");
    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public String startTime() {
        return DTM.format(date.atStartOfDay());
    }

    public String endTime() {
        return DTM.format(date.atTime(23, 59, 59));
    }

    /** The day's first millisecond in Hong Kong. */
    public long fromMillis() {
        return date.atStartOfDay(HONG_KONG).toInstant().toEpochMilli();
    }

    /** The next day's first millisecond in Hong Kong (exclusive end). */
    public long toMillis() {
        return date.plusDays(1).atStartOfDay(HONG_KONG).toInstant().toEpochMilli();
    }

    @Override
    public String toString() {
        return date.toString();
    }
}
