package dev.camelpayme.app.refund;

import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.store.RefundStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refunds QFPay made that were not requested here (in QFPay's portal, say), as the daily reconciliation or QFPay's
 * notification learns of them: booked in the refund table under an id made from QFPay's syssn of the refund, through
 * the refund life cycle, so that whichever learns of it first books it, once, and the other finds it booked.
 */
public class RefundsMadeElsewhere {

    private static final Logger LOG = LoggerFactory.getLogger(RefundsMadeElsewhere.class);
    private static final String PREFIX = "qfpay-";
    private static final int MAX_ID = 64;
    private static final DateTimeFormatter SYSDTM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");

    private final RefundStore refunds;

    public RefundsMadeElsewhere(RefundStore refunds) {
        this.refunds = refunds;
    }

    /** The QFPay refund as this store's refund: one per syssn. */
    public record Refund(String orderId, String syssn, String origSyssn, String outTradeNo, long txamt,
                         String txcurrcd, String txdtm, long madeAt) {
    }

    /** The refund_id of the refund QFPay numbered {@code syssn}: within a refund_id's 64 characters. */
    public static String refundIdOf(String syssn) {
        String id = PREFIX + syssn;
        if (id.length() <= MAX_ID && syssn.matches("[A-Za-z0-9]+")) {
            return id;
        }
        try {
            return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(syssn.getBytes(StandardCharsets.UTF_8))).substring(0, MAX_ID - PREFIX.length());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * When QFPay made it: its {@code sysdtm} (QFPay's clock, Hong Kong time) as epoch millis, or {@code fallback}
     * when it cannot be read. Counted on that day, the refund is on the day QFPay lists it.
     */
    public static long madeAt(String sysdtm, long fallback) {
        try {
            return LocalDateTime.parse(sysdtm, SYSDTM).atZone(HONG_KONG).toInstant().toEpochMilli();
        } catch (DateTimeParseException | NullPointerException unreadable) {
            return fallback;
        }
    }

    /** Whether the refund QFPay numbered {@code syssn} is booked here already. */
    public boolean isBooked(String syssn) throws SQLException {
        return refunds.find(refundIdOf(syssn)).isPresent();
    }

    /**
     * Books the refund REFUNDED, unless it was booked before; returns its outcome (JSON) to deliver when booked now.
     *
     * @param how what learned of it, for the outcome's reason
     */
    public Optional<String> book(Refund refund, String how) throws SQLException {
        String refundId = refundIdOf(refund.syssn());
        RefundOutcome outcome = new RefundOutcome();
        outcome.setRefundId(refundId);
        outcome.setOrderId(refund.orderId());
        outcome.setOrigSyssn(refund.origSyssn());
        outcome.setOutTradeNo(refund.outTradeNo());
        outcome.setOutcome("REFUNDED");
        outcome.setRespcd("0000");
        outcome.setSyssn(refund.syssn());
        outcome.setTxamt(String.valueOf(refund.txamt()));
        outcome.setTxcurrcd(refund.txcurrcd());
        outcome.setTxdtm(refund.txdtm());
        outcome.setReason(how + ": a refund made at QFPay (in its portal, say), not requested here; recorded as"
                + " REFUNDED");
        String json = PaymeJson.write(outcome);
        if (!refunds.bookMadeElsewhere(refundId, refund.orderId(), refund.origSyssn(), refund.txamt(),
                refund.outTradeNo() == null ? refundId : refund.outTradeNo(),
                refund.txdtm() == null ? "" : refund.txdtm(), refund.madeAt(), json)) {
            return Optional.empty();
        }
        LOG.info("Refund {} of order {} ({} minor units) made at QFPay, not here: booked REFUNDED", refundId,
                refund.orderId(), refund.txamt());
        return Optional.of(json);
    }
}
