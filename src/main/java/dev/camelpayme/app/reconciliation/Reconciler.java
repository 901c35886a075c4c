package dev.camelpayme.app.reconciliation;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.payment.OutcomeStatus;
import dev.camelpayme.app.payment.PaymentEvent;
import dev.camelpayme.app.payment.PaymentFlow;
import dev.camelpayme.app.payment.PaymentOutcome;
import dev.camelpayme.app.payment.PaymentOutcomes;
import dev.camelpayme.app.payment.PaymentState;
import dev.camelpayme.app.refund.RefundEvent;
import dev.camelpayme.app.refund.RefundOutcome;
import dev.camelpayme.app.refund.RefundState;
import dev.camelpayme.app.refund.RefundsMadeElsewhere;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.RefundStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compares QFPay's records of one day with this store and acts where QFPay's record proves something: a payment it
 * shows paid moves the order to PAID (QUERIED_PAID, or PAID_LATE if it had ended unpaid), a refund made in QFPay's
 * portal is booked REFUNDED, a refund of ours QFPay made after we gave up moves to REFUNDED (REFUNDED_LATE). Each
 * through the life cycle's compare-and-set, so a second run, or a notification or flow acting at the same time,
 * never books anything twice. Everything else is reported, and changed by nobody but a person.
 */
class Reconciler {

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };
    private static final int SETTLE_TRIES = 3;

    private final PaymentStore payments;
    private final RefundStore refunds;
    private final RefundsMadeElsewhere elsewhere;
    private final Set<String> paidCodes;

    Reconciler(PaymentStore payments, RefundStore refunds, Set<String> paidCodes) {
        this.payments = payments;
        this.refunds = refunds;
        this.elsewhere = new RefundsMadeElsewhere(refunds);
        this.paidCodes = paidCodes;
    }

    ReconciliationResult reconcile(ReconciliationRun run) throws SQLException {
        Found found = new Found(run.day());
        for (QfpayRecord record : run.records()) {
            if (record.isPaidPayment(paidCodes)) {
                found.paidSyssns.add(record.syssn());
                payment(record, found);
            } else if (record.isMadeRefund()) {
                found.refundOutTradeNos.add(record.outTradeNo());
                refund(record, found);
            }
        }
        paidHereOnly(run.day(), found);
        refundedHereOnly(run.day(), found);
        return new ReconciliationResult(run.day(), run.records().size(), run.pages(), found.mismatches,
                found.paidOutcomes, found.refundOutcomes);
    }

    /** What one run found so far. */
    private static final class Found {
        final ReconciliationDay day;
        final Set<String> paidSyssns = new HashSet<>();
        final Set<String> refundOutTradeNos = new HashSet<>();
        final List<Mismatch> mismatches = new ArrayList<>();
        final List<Map<String, Object>> paidOutcomes = new ArrayList<>();
        final List<String> refundOutcomes = new ArrayList<>();

        Found(ReconciliationDay day) {
            this.day = day;
        }
    }

    // --- payments QFPay shows paid -------------------------------------------------------------------------------

    private void payment(QfpayRecord record, Found found) throws SQLException {
        Optional<String[]> attempt = record.outTradeNo() == null ? Optional.empty()
                : payments.orderOfAttempt(record.outTradeNo());
        if (attempt.isEmpty()) {
            found.mismatches.add(paymentMismatch(MismatchKind.PAID_UNKNOWN_HERE, null, record, null, null, null));
            return;
        }
        String orderId = attempt.get()[0];
        Map<String, Object> request = PaymeJson.read(attempt.get()[1], FIELDS);
        String txamt = text(request.get("txamt"));
        String txcurrcd = text(request.get("txcurrcd"));
        if (!Objects.equals(record.txamt(), txamt) || !Objects.equals(record.txcurrcd(), txcurrcd)) {
            String state = payments.find(orderId).map(row -> row.state().name()).orElse(null);
            found.mismatches.add(paymentMismatch(MismatchKind.AMOUNT_MISMATCH, orderId, record, txamt, txcurrcd,
                    state));
            return;
        }
        for (int tries = 0; tries < SETTLE_TRIES; tries++) {
            PaymentStore.Row order = payments.find(orderId).orElseThrow();
            if (order.state() == PaymentState.PAID) {
                if (order.syssn() != null && !order.syssn().equals(record.syssn())) {
                    found.mismatches.add(paymentMismatch(MismatchKind.PAID_TWICE, orderId, record, txamt, txcurrcd,
                            order.state().name()));
                }
                return;
            }
            PaymentEvent event = PaymentEvent.QUERIED_PAID.from().contains(order.state()) ? PaymentEvent.QUERIED_PAID
                    : PaymentEvent.PAID_LATE.from().contains(order.state()) ? PaymentEvent.PAID_LATE : null;
            if (event == null) {
                found.mismatches.add(paymentMismatch(MismatchKind.PAID_BEING_RECOVERED, orderId, record, txamt,
                        txcurrcd, order.state().name()));
                return;
            }
            PaymentOutcome outcome = paidOutcome(order, record, found.day);
            if (event == PaymentEvent.PAID_LATE) {
                outcome.setLate(true);
                outcome.setReason(outcome.getReason() + ", after the order had been given up (" + order.state()
                        + "): keep the payment or refund it");
            }
            Optional<PaymentStore.Row> paid = payments.apply(orderId, event,
                    PaymentFlow.stored(outcome).ifVersion(order.version()));
            if (paid.isPresent()) {
                PaymentOutcomes.log(outcome);
                found.paidOutcomes.add(Map.of("outcome", paid.get().outcome(), "version", paid.get().version()));
                found.mismatches.add(paymentMismatch(MismatchKind.PAID_NOT_PAID_HERE, orderId, record, txamt,
                        txcurrcd, order.state().name()));
                return;
            }
            // the order moved on meanwhile (a notification or a poll paid it, say): look again
        }
    }

    /** The PAID outcome: the order's stored outcome of this attempt (its pay_url kept) or one made from the record. */
    private static PaymentOutcome paidOutcome(PaymentStore.Row order, QfpayRecord record, ReconciliationDay day) {
        PaymentOutcome stored = order.outcome() == null ? null : PaymeJson.read(order.outcome(), PaymentOutcome.class);
        PaymentOutcome outcome = stored != null && record.outTradeNo().equals(stored.getOutTradeNo()) ? stored
                : new PaymentOutcome();
        outcome.setOrderId(order.orderId());
        outcome.setOutTradeNo(record.outTradeNo());
        outcome.setOutcome(OutcomeStatus.PAID);
        outcome.setRespcd(record.respcd());
        outcome.setResperr(null);
        outcome.setSyssn(record.syssn());
        outcome.setTxamt(record.txamt());
        outcome.setTxcurrcd(record.txcurrcd());
        if (record.payType() != null) {
            outcome.setPayType(record.payType());
        }
        if (outcome.getTxdtm() == null) {
            outcome.setTxdtm(record.txdtm());
        }
        outcome.setReason("QFPay's records of " + day + " say the shopper paid (daily reconciliation)");
        return outcome;
    }

    /** Orders PAID here, sent that day, of which QFPay lists no successful payment that day. */
    private void paidHereOnly(ReconciliationDay day, Found found) throws SQLException {
        for (PaymentStore.Row order : payments.paidWithAttemptBetween(day.fromMillis(), day.toMillis())) {
            PaymentOutcome outcome = order.outcome() == null ? new PaymentOutcome()
                    : PaymeJson.read(order.outcome(), PaymentOutcome.class);
            String syssn = order.syssn() != null ? order.syssn() : outcome.getSyssn();
            if (syssn == null || !found.paidSyssns.contains(syssn)) {
                found.mismatches.add(new Mismatch(MismatchKind.PAID_HERE_NOT_AT_QFPAY, order.orderId(), null,
                        order.outTradeNo(), syssn, null, null, outcome.getTxamt(), outcome.getTxcurrcd(),
                        order.state().name()));
            }
        }
    }

    // --- refunds QFPay made ---------------------------------------------------------------------------------------

    private void refund(QfpayRecord record, Found found) throws SQLException {
        Optional<RefundStore.Row> ours = record.outTradeNo() == null ? Optional.empty()
                : refunds.findByOutTradeNo(record.outTradeNo());
        if (ours.isEmpty() && record.syssn() != null) {
            ours = refunds.find(RefundsMadeElsewhere.refundIdOf(record.syssn()));
        }
        if (ours.isPresent()) {
            refundOfOurs(ours.get(), record, found);
            return;
        }
        Optional<String> orderId = record.origSyssn() == null ? Optional.empty()
                : payments.paidOrderWithSyssn(record.origSyssn());
        if (orderId.isEmpty() || record.syssn() == null || !wholeNumber(record.txamt())) {
            found.mismatches.add(refundMismatch(MismatchKind.REFUND_OF_UNKNOWN_PAYMENT, null, null, record, null,
                    null));
            return;
        }
        Optional<String> booked = elsewhere.book(new RefundsMadeElsewhere.Refund(orderId.get(), record.syssn(),
                record.origSyssn(), record.outTradeNo(), Long.parseLong(record.txamt()), record.txcurrcd(),
                record.txdtm(), record.sysdtmMillis(found.day.fromMillis())), "QFPay's records of " + found.day);
        if (booked.isPresent()) {
            found.refundOutcomes.add(booked.get());
            found.mismatches.add(refundMismatch(MismatchKind.REFUND_MADE_ELSEWHERE, orderId.get(),
                    RefundsMadeElsewhere.refundIdOf(record.syssn()), record, null, null));
        }
    }

    /** A refund requested here: fine if REFUNDED; moved to REFUNDED if it had been given up; left to its flow else. */
    private void refundOfOurs(RefundStore.Row row, QfpayRecord record, Found found) throws SQLException {
        if (!String.valueOf(row.txamt()).equals(record.txamt())) {
            found.mismatches.add(refundMismatch(MismatchKind.AMOUNT_MISMATCH, row.orderId(), row.refundId(), record,
                    String.valueOf(row.txamt()), row.state().name()));
            return;
        }
        if (!RefundEvent.REFUNDED_LATE.from().contains(row.state())) {
            return; // REFUNDED already, or still being sent or queried by its own flow
        }
        RefundOutcome outcome = row.outcome() != null ? PaymeJson.read(row.outcome(), RefundOutcome.class)
                : new RefundOutcome();
        outcome.setRefundId(row.refundId());
        outcome.setOrderId(row.orderId());
        outcome.setOrigSyssn(row.origSyssn());
        outcome.setOutTradeNo(row.outTradeNo());
        outcome.setTxamt(String.valueOf(row.txamt()));
        outcome.setSyssn(record.syssn());
        outcome.setOutcome("REFUNDED");
        outcome.setRespcd("0000");
        outcome.setResperr(null);
        outcome.setLate(Boolean.TRUE);
        outcome.setReason("QFPay's records of " + found.day + " show the refund made, after it had been reported "
                + row.state() + ": it counts as refunded now");
        String json = PaymeJson.write(outcome);
        if (refunds.settle(row.refundId(), RefundEvent.REFUNDED_LATE, row.parkSeq(), json)) {
            found.refundOutcomes.add(json);
            found.mismatches.add(refundMismatch(MismatchKind.REFUND_NOT_REFUNDED_HERE, row.orderId(), row.refundId(),
                    record, String.valueOf(row.txamt()), row.state().name()));
        }
    }

    /** Refunds REFUNDED here, claimed that day, of which QFPay lists no successful refund that day. */
    private void refundedHereOnly(ReconciliationDay day, Found found) throws SQLException {
        for (RefundStore.Row row : refunds.refundedBetween(day.fromMillis(), day.toMillis())) {
            if (!found.refundOutTradeNos.contains(row.outTradeNo())) {
                found.mismatches.add(new Mismatch(MismatchKind.REFUNDED_HERE_NOT_AT_QFPAY, row.orderId(),
                        row.refundId(), row.outTradeNo(), null, null, null, String.valueOf(row.txamt()), null,
                        RefundState.REFUNDED.name()));
            }
        }
    }

    // --- report lines ---------------------------------------------------------------------------------------------

    private static Mismatch paymentMismatch(MismatchKind kind, String orderId, QfpayRecord record, String txamt,
                                            String txcurrcd, String state) {
        return new Mismatch(kind, orderId, null, record.outTradeNo(), record.syssn(), record.txamt(),
                record.txcurrcd(), txamt, txcurrcd, state);
    }

    private static Mismatch refundMismatch(MismatchKind kind, String orderId, String refundId, QfpayRecord record,
                                           String txamt, String state) {
        return new Mismatch(kind, orderId, refundId, record.outTradeNo(), record.syssn(), record.txamt(),
                record.txcurrcd(), txamt, null, state);
    }

    private static boolean wholeNumber(String text) {
        return text != null && text.matches("[0-9]{1,11}");
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
