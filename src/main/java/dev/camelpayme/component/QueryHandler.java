package dev.camelpayme.component;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;

/**
 * {@code payme:query}: prepares a {@code /trade/v1/query} request (reference §4). A query by out_trade_no only finds
 * records whose sysdtm lies in the time window, which defaults to the current month and must lie within one calendar
 * month; so without an explicit window one is added around the order's txdtm, in txdtm's month, and the part of it in
 * the adjacent month, if any, is handed out in the header {@link PaymeConstants#QUERY_SECOND_WINDOW} for a second call
 * (reference §4.6). A query by a start_time/end_time window alone lists every record of that window, a page at a
 * time.
 */
final class QueryHandler extends SigningHandler {

    static final Set<String> FIELDS = Set.of("syssn", "out_trade_no", "pay_type", "respcd", "start_time", "end_time",
            "page", "page_size", "mchid");

    static final Pattern SYSSN = Pattern.compile("[A-Za-z0-9]{1,128}");
    static final String SYSSN_LIST_RULE = "must be a comma-separated list of QFPay transaction numbers (letters and digits)";
    static final String OUT_TRADE_NO_LIST_RULE
            = "must be a comma-separated list of ids of 1 to 128 characters of A-Z, a-z, 0-9, '.', '_' or '-'";
    static final String PAY_TYPE_LIST_RULE = "must be a comma-separated list of 805814, 805812";
    static final Pattern RESPCD = Pattern.compile("[0-9]{4}");
    static final String RESPCD_RULE = "must be 4 digits";
    static final String PAGE_RULE = "must be a whole number from 1 to 99999999";
    static final String PAGE_SIZE_RULE = "must be a whole number from 1 to 100";

    QueryHandler(PaymeConfiguration configuration) {
        super(configuration);
    }

    @Override
    String subject() {
        return "query request";
    }

    @Override
    Prepared prepare(Exchange exchange) {
        RequestChecks checks = newChecks();
        Map<String, Object> input = RequestInput.fields(exchange, checks);
        checks.throwIfAny();
        checks.rejectUnknown(input, FIELDS, "query");

        String syssn = list(input, "syssn", SYSSN.asMatchPredicate(), SYSSN_LIST_RULE, checks);
        String outTradeNo = list(input, "out_trade_no", OutTradeNos.OUT_TRADE_NO.asMatchPredicate(),
                OUT_TRADE_NO_LIST_RULE, checks);
        // a query by time window alone lists every record of the window (reconciliation pages through a day)
        if (RequestChecks.isAbsent(input, "syssn") && RequestChecks.isAbsent(input, "out_trade_no")
                && (RequestChecks.isAbsent(input, "start_time") || RequestChecks.isAbsent(input, "end_time"))) {
            checks.add("out_trade_no", "is required when neither syssn nor a start_time and end_time window is given");
        }
        String payType = list(input, "pay_type", PaymeConfiguration.PAY_TYPES::contains, PAY_TYPE_LIST_RULE, checks);
        String respcd = checks.matching(input, "respcd", RESPCD, RESPCD_RULE);
        String page = checks.wholeNumber(input, "page", 1, 99_999_999L, 8, PAGE_RULE);
        String pageSize = checks.wholeNumber(input, "page_size", 1, 100, 3, PAGE_SIZE_RULE);
        String mchid = mchid(input, checks);

        Map<String, String> secondWindow = null;
        LocalDateTime start = checks.dateTime(input, "start_time");
        LocalDateTime end = checks.dateTime(input, "end_time");
        boolean startGiven = !RequestChecks.isAbsent(input, "start_time");
        boolean endGiven = !RequestChecks.isAbsent(input, "end_time");
        if (startGiven != endGiven) {
            checks.add(startGiven ? "end_time" : "start_time",
                    "is required when " + (startGiven ? "start_time" : "end_time") + " is given");
        } else if (start != null && end != null) {
            if (start.getYear() != end.getYear() || start.getMonth() != end.getMonth()) {
                checks.add("end_time", "must be in the same calendar month as start_time");
            } else if (end.isBefore(start)) {
                checks.add("end_time", "must not be before start_time");
            }
        } else if (!startGiven && outTradeNo != null) {
            LocalDateTime around = orderTime(exchange, checks);
            if (around != null) {
                QueryWindows windows = QueryWindows.around(around, configuration.getQueryWindowBefore(),
                        configuration.getQueryWindowAfter());
                start = windows.first().start();
                end = windows.first().end();
                secondWindow = windows.second() == null ? null : Map.of(
                        "start_time", RequestChecks.DATE_TIME.format(windows.second().start()),
                        "end_time", RequestChecks.DATE_TIME.format(windows.second().end()));
            }
        }
        checks.throwIfAny();

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("syssn", syssn);
        fields.put("out_trade_no", outTradeNo);
        fields.put("pay_type", payType);
        fields.put("respcd", respcd);
        fields.put("start_time", start == null ? null : RequestChecks.DATE_TIME.format(start.truncatedTo(ChronoUnit.SECONDS)));
        fields.put("end_time", end == null ? null : RequestChecks.DATE_TIME.format(end.truncatedTo(ChronoUnit.SECONDS)));
        fields.put("page", page);
        fields.put("page_size", pageSize);
        fields.put("mchid", mchid);
        Map<String, Object> headers = new LinkedHashMap<>();
        // always set: a second window left over from an earlier query must not ask for a second call again
        headers.put(PaymeConstants.QUERY_SECOND_WINDOW, secondWindow);
        return new Prepared(fields, headers);
    }

    /** The order's txdtm from the header (Hong Kong time), else now in Hong Kong. */
    private LocalDateTime orderTime(Exchange exchange, RequestChecks checks) {
        String header = exchange.getMessage().getHeader(PaymeConstants.TXDTM, String.class);
        if (header == null || header.isEmpty()) {
            return hongKongNow().truncatedTo(ChronoUnit.SECONDS);
        }
        return checks.parseDateTime(PaymeConstants.TXDTM, header);
    }

    private static String list(Map<String, Object> input, String field, Predicate<String> item, String rule,
                               RequestChecks checks) {
        String text = checks.text(input, field);
        if (text == null) {
            return null;
        }
        for (String part : text.split(",", -1)) {
            if (!item.test(part)) {
                checks.add(field, rule);
                return null;
            }
        }
        return text;
    }
}
