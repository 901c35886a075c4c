package dev.camelpayme.sandbox;

import java.util.Map;
import java.util.Set;

/** QFPay result codes the sandbox uses, with texts paraphrased from the reference's status table (§7.3). */
final class RespCodes {

    static final String SUCCESS = "0000";
    static final String DUPLICATE = "1102";
    static final String MALFORMED = "1103";
    static final String BAD_PARAMETER = "1104";
    static final String SIGNATURE = "1108";
    static final String NOT_OPERABLE = "1136";
    static final String UNPAID = "1143";
    static final String EXPIRED = "1181";
    static final String NOT_PAID = "1261";
    static final String NO_SUCH_ORDER = "1268";
    static final String OVER_REFUND = "1272";

    /** Codes meaning "not decided yet, keep querying". */
    static final Set<String> PENDING = Set.of("1143", "1145", "1295", "1298");

    private static final Map<String, String> TEXTS = Map.ofEntries(
            Map.entry("0000", "Transaction successful"),
            Map.entry("1100", "System maintenance"),
            Map.entry("1101", "Reversal error"),
            Map.entry("1102", "Duplicate request"),
            Map.entry("1103", "Malformed request"),
            Map.entry("1104", "Bad parameter"),
            Map.entry("1105", "Device not activated"),
            Map.entry("1106", "Device invalid"),
            Map.entry("1107", "Device not allowed"),
            Map.entry("1108", "Signature error"),
            Map.entry("1125", "Already refunded"),
            Map.entry("1136", "Transaction does not exist or is not operable"),
            Map.entry("1142", "Order closed"),
            Map.entry("1143", "Unpaid, waiting for payer"),
            Map.entry("1145", "Processing, please wait"),
            Map.entry("1147", "WeChat Pay error"),
            Map.entry("1150", "T0 merchants cannot cancel"),
            Map.entry("1155", "Refund refused"),
            Map.entry("1181", "Order expired"),
            Map.entry("1201", "Payer balance insufficient"),
            Map.entry("1202", "Payment code wrong or expired"),
            Map.entry("1203", "Merchant account misconfigured"),
            Map.entry("1204", "Bank or wallet error"),
            Map.entry("1205", "Transaction failed, please try again later"),
            Map.entry("1212", "Please use a UnionPay overseas code"),
            Map.entry("1241", "Store does not exist"),
            Map.entry("1242", "Store misconfigured"),
            Map.entry("1243", "Store disabled"),
            Map.entry("1250", "Transaction forbidden"),
            Map.entry("1251", "Store misconfigured, being fixed"),
            Map.entry("1252", "System error while placing the order"),
            Map.entry("1254", "Internal problem being resolved"),
            Map.entry("1260", "Order already paid, please confirm before continuing"),
            Map.entry("1261", "Order not paid, please confirm before continuing"),
            Map.entry("1262", "Order already refunded"),
            Map.entry("1263", "Order cancelled"),
            Map.entry("1264", "Order closed"),
            Map.entry("1265", "Transaction cannot be refunded now"),
            Map.entry("1266", "Amount wrong"),
            Map.entry("1267", "Order data mismatch"),
            Map.entry("1268", "Order does not exist"),
            Map.entry("1269", "Unsettled amount of the day too small for the refund"),
            Map.entry("1270", "Currency does not support partial refund"),
            Map.entry("1271", "Transaction does not support partial refund"),
            Map.entry("1272", "Refund exceeds the refundable amount"),
            Map.entry("1294", "Blocked by the bank as possibly non-compliant"),
            Map.entry("1295", "Slow network, awaiting reply"),
            Map.entry("1296", "Slow network, please try later or use another method"),
            Map.entry("1297", "Bank system busy, please try later or use another method"),
            Map.entry("1298", "Slow network; if already paid do not pay again, confirm later"),
            Map.entry("2005", "Customer payment code wrong or expired"),
            Map.entry("2011", "Merchant serial number (out_trade_no) repeated"));

    private RespCodes() {
    }

    /** Human text for a code; unknown codes get a generic sandbox text. */
    static String text(String code) {
        String text = TEXTS.get(code);
        return text != null ? text : "Sandbox trigger respcd " + code;
    }
}
