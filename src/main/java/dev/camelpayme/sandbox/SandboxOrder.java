package dev.camelpayme.sandbox;

import java.time.Instant;
import java.util.Objects;

/**
 * Snapshot of one transaction held by the sandbox: a payment order or a refund.
 *
 * @param orderType      {@code payment} or {@code refund}, as in query records
 * @param outTradeNo     the merchant id sent by the client
 * @param syssn          the sandbox transaction number (26 digits)
 * @param origSyssn      for refunds the payment's {@code syssn}, else {@code null}
 * @param txamt          amount in minor units (refund amount for refunds)
 * @param txcurrcd       currency
 * @param payType        {@code 805814} or {@code 805812} (a refund carries its payment's)
 * @param goodsName      the {@code goods_name} sent, or {@code null}
 * @param status         sandbox status
 * @param respcd         the transaction status a query record shows right now ({@code 0000}, {@code 1143}, ...)
 * @param cancel         the query record's {@code cancel} field: {@code 0}, {@code 3} fully or {@code 5} partially
 *                       refunded
 * @param refundedAmount for payments the amount refunded so far (completed refunds only), else 0
 * @param createdAt      when the sandbox created it ({@code sysdtm})
 * @param paidAt         when it was paid (payments) or completed (refunds), or {@code null}
 * @param queryCount     how many {@code /trade/v1/query} calls matched it
 * @param trigger        the amount trigger that shaped its behaviour ({@link Trigger#NONE} for the normal flow)
 */
public record SandboxOrder(String orderType, String outTradeNo, String syssn, String origSyssn, long txamt,
        String txcurrcd, String payType, String goodsName, Status status, String respcd, String cancel,
        long refundedAmount, Instant createdAt, Instant paidAt, int queryCount, Trigger trigger) {

    /** Lifecycle of a sandbox transaction. */
    public enum Status {
        /** Payment created and not (yet) paid; its query record shows a pending code such as 1143. */
        UNPAID,
        /** Payment paid; query record 0000. */
        PAID,
        /** Payment expired unpaid (final); query record 1181. */
        EXPIRED,
        /** Refund accepted but still processing; query record shows a pending code. */
        REFUND_PENDING,
        /** Refund completed; query record 0000. */
        REFUND_DONE
    }

    /** Which amount trigger (see the table on {@link QfpaySandbox}) created the transaction. */
    public enum Trigger {
        /** Normal flow. */
        NONE,
        /** {@code 90408}: created, answer delayed by the configured slow-answer duration. */
        SLOW_ANSWER,
        /** {@code 90200}: created, answered with HTTP 200 and a body that is not JSON. */
        NON_JSON_ANSWER,
        /** {@code 90104}: created, then the connection is closed without an answer (a reset after the send). */
        CONNECTION_RESET,
        /** {@code 90001}: payment answered 1143 and pending forever. */
        PENDING_FOREVER,
        /** {@code 90002}: payment answered 0000, pending for N queries, then expired (1181). */
        PENDING_THEN_EXPIRED,
        /** {@code 91143}, {@code 91145}, {@code 91295}, {@code 91298}: pending for N queries, then 0000. */
        PENDING_THEN_SUCCESS
    }

    public SandboxOrder {
        Objects.requireNonNull(orderType, "orderType");
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        Objects.requireNonNull(syssn, "syssn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(respcd, "respcd");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(trigger, "trigger");
    }

    /** {@code true} for a payment order. */
    public boolean isPayment() {
        return "payment".equals(orderType);
    }

    /** {@code true} for a refund. */
    public boolean isRefund() {
        return "refund".equals(orderType);
    }

    /** {@code true} once a payment has been paid. */
    public boolean isPaid() {
        return status == Status.PAID;
    }
}
