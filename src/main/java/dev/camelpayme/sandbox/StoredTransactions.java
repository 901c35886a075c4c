package dev.camelpayme.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.SandboxOrder.Status;
import dev.camelpayme.sandbox.SandboxOrder.Trigger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A sandbox transaction as one value of its durable record ({@link SandboxJournal}), and back. */
final class StoredTransactions {

    private static final int SYSSN_LENGTH = 26;
    private static final int SYSSN_DATE_LENGTH = 8;

    private StoredTransactions() {
    }

    /** Everything the transaction holds; a refund names its payment by {@code origssn}. */
    static Map<String, Object> record(SandboxEngine.Entry e) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("order_type", e.orderType);
        r.put("out_trade_no", e.outTradeNo);
        r.put("syssn", e.syssn);
        r.put("origssn", e.original == null ? null : e.original.syssn);
        r.put("txamt", e.txamt);
        r.put("txcurrcd", e.txcurrcd);
        r.put("pay_type", e.payType);
        r.put("txdtm", e.txdtm);
        r.put("goods_name", e.goodsName);
        r.put("udid", e.udid);
        r.put("sysdtm", SandboxEngine.DTM.format(e.sysdtm));
        r.put("created_at", e.createdAt.toString());
        r.put("trigger", e.trigger.name());
        r.put("status", e.status.name());
        r.put("respcd", e.respcd);
        r.put("paid_at", e.paidAt == null ? null : e.paidAt.toString());
        r.put("query_count", e.queryCount);
        r.put("refunded", e.refunded);
        r.put("reserved", e.reserved);
        return r;
    }

    /**
     * The transaction of a record, or {@code null} when the record is not one, or is a refund whose payment
     * {@code payments} does not know.
     */
    static SandboxEngine.Entry entry(JsonNode r, Function<String, SandboxEngine.Entry> payments) {
        try {
            SandboxEngine.Entry original = null;
            String origssn = text(r, "origssn");
            if (origssn != null) {
                original = payments.apply(origssn);
                if (original == null) {
                    return null;
                }
            }
            SandboxEngine.Entry e = new SandboxEngine.Entry(required(r, "order_type"), required(r, "out_trade_no"),
                    required(r, "syssn"), original, r.path("txamt").asLong(), required(r, "txcurrcd"),
                    required(r, "pay_type"), required(r, "txdtm"), text(r, "goods_name"), required(r, "udid"),
                    LocalDateTime.parse(required(r, "sysdtm"), SandboxEngine.DTM),
                    Instant.parse(required(r, "created_at")), Trigger.valueOf(required(r, "trigger")));
            e.status = Status.valueOf(required(r, "status"));
            e.respcd = required(r, "respcd");
            String paidAt = text(r, "paid_at");
            e.paidAt = paidAt == null ? null : Instant.parse(paidAt);
            e.queryCount = r.path("query_count").asInt();
            e.refunded = r.path("refunded").asLong();
            e.reserved = r.path("reserved").asLong();
            return e;
        } catch (RuntimeException notATransaction) {
            return null;
        }
    }

    /** The sequence number a syssn was made of (its digits after the date), or 0 for a syssn of another shape. */
    static long sequenceOf(String syssn) {
        if (syssn.length() != SYSSN_LENGTH || !syssn.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Long.parseLong(syssn.substring(SYSSN_DATE_LENGTH));
    }

    private static String required(JsonNode r, String name) {
        String value = text(r, name);
        if (value == null) {
            throw new IllegalArgumentException(name + " missing");
        }
        return value;
    }

    private static String text(JsonNode r, String name) {
        JsonNode n = r.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }
}
