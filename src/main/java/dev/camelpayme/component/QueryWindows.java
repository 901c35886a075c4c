package dev.camelpayme.component;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/**
 * The time window of a query by out_trade_no, placed around the order's txdtm. QFPay searches one calendar month per
 * call (reference §4.6), and its sysdtm, which the window filters on, may fall in the month after txdtm (a request
 * sent in a month's last seconds) or, with clock skew, in the month before. So the window is cut at the month
 * boundary: {@code first} is the part in txdtm's month, {@code second} the part in the adjacent month, or null when
 * the window stays within txdtm's month.
 */
record QueryWindows(Window first, Window second) {

    /** One call's window, both ends inclusive and within one calendar month. */
    record Window(LocalDateTime start, LocalDateTime end) {
    }

    /**
     * The windows around {@code txdtm}. A window longer than a month could reach into both adjacent months; only the
     * following one is then asked, since QFPay's sysdtm is normally later than the merchant's txdtm.
     */
    static QueryWindows around(LocalDateTime txdtm, long beforeMillis, long afterMillis) {
        LocalDateTime around = txdtm.truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime start = around.minus(beforeMillis, ChronoUnit.MILLIS).truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime end = around.plus(afterMillis, ChronoUnit.MILLIS).truncatedTo(ChronoUnit.SECONDS);
        YearMonth month = YearMonth.from(around);
        Window first = new Window(max(start, firstSecond(month)), min(end, lastSecond(month)));
        if (end.isAfter(lastSecond(month))) {
            YearMonth next = month.plusMonths(1);
            return new QueryWindows(first, new Window(firstSecond(next), min(end, lastSecond(next))));
        }
        if (start.isBefore(firstSecond(month))) {
            YearMonth previous = month.minusMonths(1);
            return new QueryWindows(first, new Window(max(start, firstSecond(previous)), lastSecond(previous)));
        }
        return new QueryWindows(first, null);
    }

    private static LocalDateTime firstSecond(YearMonth month) {
        return month.atDay(1).atStartOfDay();
    }

    private static LocalDateTime lastSecond(YearMonth month) {
        return month.atEndOfMonth().atTime(23, 59, 59);
    }

    private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDateTime min(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }
}
