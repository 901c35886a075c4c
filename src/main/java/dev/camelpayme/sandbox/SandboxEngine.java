package dev.camelpayme.sandbox;

import dev.camelpayme.sandbox.SandboxOrder.Status;
import dev.camelpayme.sandbox.SandboxOrder.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's business state and rules: payments, queries, refunds and the amount triggers. No HTTP here; every
 * public-facing operation is {@code synchronized} on the engine and quick, so one lock is enough.
 */
final class SandboxEngine {

    static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");
    static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter SYSSN_DATE = DateTimeFormatter.ofPattern("uuuuMMdd");

    static final Set<String> PAY_TYPES = Set.of("805814", "805812");
    private static final Pattern AMOUNT = Pattern.compile("[1-9][0-9]{0,10}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern EXPIRED_TIME = Pattern.compile("[0-9]{1,3}");
    private static final Pattern PAGE = Pattern.compile("[1-9][0-9]{0,7}");
    private static final Pattern CODE = Pattern.compile("[0-9]{4}");
    private static final int MAX_PAGE_SIZE = 100;
    private static final int DEFAULT_PAGE_SIZE = 10;
    static final int MAX_RECORDED_REQUESTS = 10_000;
    /** The key prefix of a transaction in the durable record. */
    static final String ORDER_KEY = "order:";
    private static final Logger LOG = LoggerFactory.getLogger(QfpaySandbox.class);

    private final Clock clock;
    private final int pendingQueriesBeforePaid;
    private final Duration slowAnswer;
    private final Supplier<String> baseUrl;
    private final Consumer<SandboxNotifier.Notification> notifications;

    private final Map<String, Entry> bySyssn = new LinkedHashMap<>();
    private final Map<String, Entry> byOutTradeNo = new HashMap<>();
    private final Deque<ReceivedRequest> requests = new ArrayDeque<>();
    private long sequence;
    /** The durable record, or {@code null}: in memory only. */
    private SandboxJournal journal;
    private int kept = Integer.MAX_VALUE;

    /**
     * @param notifications receives a notification whenever a payment becomes paid or a refund succeeds; called
     *                      under the engine lock, so it must only hand the work on
     */
    SandboxEngine(Clock clock, int pendingQueriesBeforePaid, Duration slowAnswer, Supplier<String> baseUrl,
            Consumer<SandboxNotifier.Notification> notifications) {
        this.clock = clock;
        this.pendingQueriesBeforePaid = pendingQueriesBeforePaid;
        this.slowAnswer = slowAnswer;
        this.baseUrl = baseUrl;
        this.notifications = notifications;
        // seed with the second of the day so that syssns of a restarted sandbox do not repeat earlier ones
        this.sequence = now().toLocalTime().toSecondOfDay() * 1_000_000L;
    }

    // ------------------------------------------------------------------------------------------------ payment

    synchronized Answer payment(Map<String, String> f) {
        long txamt = amount(f, "txamt");
        String txcurrcd = required(f, "txcurrcd");
        if (!CURRENCY.matcher(txcurrcd).matches()) {
            throw Rejection.badParameter("txcurrcd must be 3 upper-case letters");
        }
        String payType = required(f, "pay_type");
        if (!PAY_TYPES.contains(payType)) {
            throw Rejection.badParameter("pay_type not enabled: " + payType + " (the sandbox offers 805814 and 805812)");
        }
        String outTradeNo = outTradeNo(f);
        String txdtm = dateTime(f, "txdtm");
        String expiredTime = f.get("expired_time");
        if (expiredTime != null && (!EXPIRED_TIME.matcher(expiredTime).matches()
                || Integer.parseInt(expiredTime) < 5 || Integer.parseInt(expiredTime) > 120)) {
            throw Rejection.badParameter("expired_time must be a whole number of minutes from 5 to 120");
        }
        maxLength(f, "goods_name", 64);
        maxLength(f, "udid", 40);
        maxLength(f, "return_url", 512);
        maxLength(f, "notify_url", 256);

        TriggerRule rule = TriggerRule.of(txamt);
        Answer refused = refusedBeforeRecording(rule, outTradeNo);
        if (refused != null) {
            return refused;
        }

        Trigger trigger;
        String answerCode = RespCodes.SUCCESS;
        String recordCode = RespCodes.UNPAID;
        switch (rule.kind()) {
            case PENDING_FOREVER:
                trigger = Trigger.PENDING_FOREVER;
                answerCode = RespCodes.UNPAID;
                break;
            case PENDING_THEN_EXPIRED:
                trigger = Trigger.PENDING_THEN_EXPIRED;
                break;
            case PENDING_ANSWER_THEN_EXPIRED:
                trigger = Trigger.PENDING_THEN_EXPIRED;
                answerCode = RespCodes.UNPAID;
                break;
            case CODE_PENDING:
                trigger = Trigger.PENDING_THEN_SUCCESS;
                answerCode = rule.code();
                recordCode = rule.code();
                break;
            default:
                trigger = shared(rule.kind());
        }
        LocalDateTime sysdtm = now();
        Entry e = new Entry("payment", outTradeNo, nextSyssn(sysdtm), null, txamt, txcurrcd, payType, txdtm,
                f.get("goods_name"), f.getOrDefault("udid", "qiantai2"), sysdtm, clock.instant(), trigger);
        e.status = Status.UNPAID;
        e.respcd = recordCode;
        store(e);

        Map<String, String> m = new LinkedHashMap<>();
        m.put("respcd", answerCode);
        m.put("resperr", resperr(answerCode));
        m.put("respmsg", "");
        m.put("syssn", e.syssn);
        m.put("pay_url", payUrl(e.syssn));
        m.put("out_trade_no", e.outTradeNo);
        m.put("pay_type", e.payType);
        m.put("txamt", Long.toString(e.txamt));
        m.put("txcurrcd", e.txcurrcd);
        m.put("txdtm", e.txdtm);
        m.put("sysdtm", DTM.format(e.sysdtm));
        m.put("paydtm", DTM.format(e.sysdtm)); // as in QFPay's sample: equals sysdtm, not a payment time
        m.put("udid", e.udid);
        m.put("chnlsn", "");
        m.put("cardcd", "");
        return shape(Answer.json(m), trigger);
    }

    String payUrl(String syssn) {
        return baseUrl.get() + "/sandbox/pay/" + syssn;
    }

    // ------------------------------------------------------------------------------------------------ query

    synchronized Answer query(Map<String, String> f) {
        Set<String> syssns = list(f, "syssn");
        Set<String> outTradeNos = list(f, "out_trade_no");
        Set<String> payTypes = list(f, "pay_type");
        Set<String> respcds = list(f, "respcd");
        if (respcds != null && !respcds.stream().allMatch(c -> CODE.matcher(c).matches())) {
            throw Rejection.badParameter("respcd must be 4 digits");
        }
        LocalDateTime start = optionalDateTime(f, "start_time");
        LocalDateTime end = optionalDateTime(f, "end_time");
        int page = page(f, "page", 1);
        int pageSize = Math.min(page(f, "page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);

        Predicate<Entry> window = e -> true;
        if (syssns == null) { // QFPay ignores the window only when syssn is given (reference §4.6)
            LocalDateTime now = now();
            LocalDateTime from = start != null ? start : now.toLocalDate().withDayOfMonth(1).atStartOfDay();
            LocalDateTime to = end != null ? end
                    : YearMonth.from(now).atEndOfMonth().atTime(LocalTime.of(23, 59, 59));
            if (from.isAfter(to)) {
                throw Rejection.badParameter("start_time is after end_time");
            }
            if (!YearMonth.from(from).equals(YearMonth.from(to))) {
                throw Rejection.badParameter("start_time and end_time must lie within one calendar month");
            }
            window = e -> !e.sysdtm.isBefore(from) && !e.sysdtm.isAfter(to);
        }

        List<Entry> matched = new ArrayList<>();
        for (Entry e : bySyssn.values()) {
            if ((syssns == null || syssns.contains(e.syssn))
                    && (outTradeNos == null || outTradeNos.contains(e.outTradeNo))
                    && (payTypes == null || payTypes.contains(e.payType))
                    && window.test(e)) {
                matched.add(e);
            }
        }
        for (Entry e : matched) {
            observe(e);
        }
        if (respcds != null) {
            matched.removeIf(e -> !respcds.contains(e.respcd));
        }
        long from = (long) (page - 1) * pageSize;
        List<Map<String, String>> data = matched.stream().skip(from).limit(pageSize).map(this::record)
                .collect(Collectors.toList());

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("respcd", RespCodes.SUCCESS);
        m.put("resperr", "");
        m.put("respmsg", "");
        m.put("data", data);
        m.put("page", Integer.toString(page));
        m.put("page_size", Integer.toString(pageSize));
        return Answer.json(m);
    }

    /** The triggers payments and refunds share: the shape of the answer, and pending then success. */
    private static Trigger shared(TriggerRule.Kind kind) {
        switch (kind) {
            case SLOW_ANSWER:
                return Trigger.SLOW_ANSWER;
            case NON_JSON_ANSWER:
                return Trigger.NON_JSON_ANSWER;
            case CONNECTION_RESET:
                return Trigger.CONNECTION_RESET;
            case CODE_PENDING:
                return Trigger.PENDING_THEN_SUCCESS;
            default:
                return Trigger.NONE;
        }
    }

    /** HTTP-failure triggers, a repeated out_trade_no and code triggers: answered before anything is recorded. */
    private Answer refusedBeforeRecording(TriggerRule rule, String outTradeNo) {
        if (rule.isHttpFailure()) {
            return rule.httpFailure();
        }
        if (byOutTradeNo.containsKey(outTradeNo)) {
            return duplicate(outTradeNo);
        }
        if (rule.kind() == TriggerRule.Kind.CODE_REJECT) {
            return Answer.refusal(rule.code(), RespCodes.text(rule.code()));
        }
        return null;
    }

    /** A query saw this transaction: count it and apply the trigger's "after N queries" transition. */
    private void observe(Entry e) {
        e.queryCount++;
        // the count is recorded while it still leads to a transition: a window query lists thousands of records
        boolean counting = e.queryCount <= pendingQueriesBeforePaid + 1
                && (e.trigger == Trigger.PENDING_THEN_EXPIRED || e.trigger == Trigger.PENDING_THEN_SUCCESS);
        if (counting) {
            saved(e);
        }
        if (e.queryCount <= pendingQueriesBeforePaid) {
            return;
        }
        if (e.trigger == Trigger.PENDING_THEN_EXPIRED && e.status == Status.UNPAID) {
            e.status = Status.EXPIRED;
            e.respcd = RespCodes.EXPIRED;
            saved(e);
        } else if (e.trigger == Trigger.PENDING_THEN_SUCCESS) {
            if (e.status == Status.UNPAID) {
                markPaid(e);
            } else if (e.status == Status.REFUND_PENDING) {
                completeRefund(e);
            }
        }
    }

    private Map<String, String> record(Entry e) {
        boolean refund = e.original != null;
        Entry payment = refund ? e.original : e;
        boolean done = RespCodes.SUCCESS.equals(e.respcd);
        Map<String, String> r = new LinkedHashMap<>();
        r.put("syssn", e.syssn);
        r.put("out_trade_no", e.outTradeNo);
        r.put("order_type", e.orderType);
        if (refund) {
            r.put("origssn", payment.syssn);
        }
        r.put("pay_type", e.payType);
        r.put("txamt", Long.toString(e.txamt));
        r.put("txcurrcd", e.txcurrcd);
        r.put("txdtm", e.txdtm);
        r.put("sysdtm", DTM.format(e.sysdtm));
        r.put("paydtm", e.paidAt == null ? "" : DTM.format(e.paidAt.atZone(HONG_KONG)));
        r.put("respcd", e.respcd);
        r.put("errmsg", RespCodes.text(e.respcd));
        r.put("cancel", e.cancel());
        r.put("cash_fee", done ? Long.toString(e.txamt) : "0");
        r.put("cash_fee_type", done ? e.txcurrcd : "");
        r.put("cash_refund_fee", refund ? (done ? Long.toString(e.txamt) : "0") : Long.toString(e.refunded));
        r.put("cash_refund_fee_type", refund || e.refunded > 0 ? e.txcurrcd : "");
        r.put("exchange_rate", "");
        r.put("chnlsn", "");
        r.put("chnlsn2", "");
        r.put("goods_name", e.goodsName == null ? "" : e.goodsName);
        r.put("udid", e.udid);
        return r;
    }

    // ------------------------------------------------------------------------------------------------ refund

    synchronized Answer refund(Map<String, String> f) {
        String syssn = required(f, "syssn");
        maxLength(f, "syssn", 128);
        String outTradeNo = outTradeNo(f);
        long txamt = amount(f, "txamt");
        String txdtm = dateTime(f, "txdtm");
        maxLength(f, "udid", 40);

        TriggerRule rule = TriggerRule.of(txamt);
        Answer refused = refusedBeforeRecording(rule, outTradeNo);
        if (refused != null) {
            return refused;
        }
        Entry original = bySyssn.get(syssn);
        if (original == null) {
            return Answer.refusal(RespCodes.NO_SUCH_ORDER, RespCodes.text(RespCodes.NO_SUCH_ORDER));
        }
        if (original.original != null) {
            return Answer.refusal(RespCodes.NOT_OPERABLE, "syssn " + syssn + " is a refund, not a payment");
        }
        if (original.status != Status.PAID) {
            return Answer.refusal(RespCodes.NOT_PAID, RespCodes.text(RespCodes.NOT_PAID));
        }
        long refundable = original.txamt - original.refunded - original.reserved;
        if (txamt > refundable) {
            return Answer.refusal(RespCodes.OVER_REFUND,
                    RespCodes.text(RespCodes.OVER_REFUND) + " (" + refundable + " left)");
        }

        Trigger trigger = shared(rule.kind()); // 90001, 90002 and 90003 only shape payments
        LocalDateTime sysdtm = now();
        Entry r = new Entry("refund", outTradeNo, nextSyssn(sysdtm), original, txamt, original.txcurrcd,
                original.payType, txdtm, null, f.getOrDefault("udid", "qiantai2"), sysdtm, clock.instant(), trigger);
        if (trigger == Trigger.PENDING_THEN_SUCCESS) {
            r.status = Status.REFUND_PENDING;
            r.respcd = rule.code();
            original.reserved += txamt;
        } else {
            r.status = Status.REFUND_DONE;
            r.respcd = RespCodes.SUCCESS;
            r.paidAt = r.createdAt;
            original.refunded += txamt;
        }
        saved(original);
        store(r);
        if (r.status == Status.REFUND_DONE) {
            notifySuccess(r);
        }

        Map<String, String> m = new LinkedHashMap<>();
        m.put("respcd", r.respcd);
        m.put("resperr", resperr(r.respcd));
        m.put("respmsg", "");
        m.put("syssn", r.syssn);
        m.put("orig_syssn", original.syssn);
        m.put("out_trade_no", r.outTradeNo);
        m.put("txamt", Long.toString(r.txamt));
        m.put("txcurrcd", r.txcurrcd);
        m.put("txdtm", r.txdtm);
        m.put("sysdtm", DTM.format(r.sysdtm));
        m.put("paydtm", DTM.format(r.sysdtm));
        m.put("udid", r.udid);
        m.put("chnlsn", "");
        m.put("cardcd", "");
        m.put("cash_fee", Long.toString(original.txamt));
        m.put("cash_fee_type", original.txcurrcd);
        m.put("cash_refund_fee", Long.toString(r.txamt));
        m.put("cash_refund_fee_type", r.txcurrcd);
        return shape(Answer.json(m), trigger);
    }

    private void completeRefund(Entry r) {
        r.status = Status.REFUND_DONE;
        r.respcd = RespCodes.SUCCESS;
        r.paidAt = clock.instant();
        r.original.reserved -= r.txamt;
        r.original.refunded += r.txamt;
        saved(r.original);
        saved(r);
        notifySuccess(r);
    }

    /**
     * The asynchronous notification of a paid payment or a completed refund (reference §6.5): every value a string,
     * the members in the order of the reference's sample (vector N1), a refund's {@code origssn} after its
     * {@code syssn}. Built once, at the transition, so that every retry sends the same bytes.
     */
    private void notifySuccess(Entry e) {
        notifications.accept(notificationOf(e));
    }

    /** The notification of a paid payment or a completed refund, to deliver once more on request. */
    synchronized Optional<SandboxNotifier.Notification> notificationFor(String syssnOrOutTradeNo) {
        Entry e = lookup(syssnOrOutTradeNo);
        if (e == null || !(e.status == Status.PAID || e.status == Status.REFUND_DONE)) {
            return Optional.empty();
        }
        return Optional.of(notificationOf(e));
    }

    private SandboxNotifier.Notification notificationOf(Entry e) {
        boolean refund = e.original != null;
        String txamt = Long.toString(e.txamt);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("status", "1");
        f.put("pay_type", e.payType);
        f.put("sysdtm", DTM.format(e.sysdtm));
        f.put("paydtm", DTM.format(e.paidAt.atZone(HONG_KONG)));
        f.put("goods_name", e.goodsName == null ? "" : e.goodsName);
        f.put("txcurrcd", e.txcurrcd);
        f.put("txdtm", e.txdtm);
        f.put("txamt", txamt);
        f.put("exchange_rate", "");
        f.put("chnlsn2", "");
        f.put("out_trade_no", e.outTradeNo);
        f.put("syssn", e.syssn);
        if (refund) {
            f.put("origssn", e.original.syssn);
        }
        f.put("cash_fee_type", e.txcurrcd);
        f.put("cancel", e.cancel());
        f.put("respcd", RespCodes.SUCCESS);
        f.put("goods_info", "");
        f.put("cash_fee", txamt);
        f.put("notify_type", e.orderType);
        f.put("chnlsn", "");
        f.put("cardcd", "");
        return new SandboxNotifier.Notification(e.orderType, e.syssn, e.outTradeNo, NotificationBody.pythonJson(f));
    }

    // ------------------------------------------------------------------------------------------------ paying

    /** Result of a shopper's (simulated) payment. */
    enum PayResult {
        PAID, NOT_FOUND, EXPIRED, NOT_PAYABLE
    }

    /** Outcome of {@link #pay(String)}: the result and the transaction, if one was found. */
    record PayOutcome(PayResult result, SandboxOrder order) {
    }

    /** The shopper pays: by syssn, else by out_trade_no. Paying a paid order again changes nothing. */
    synchronized PayOutcome pay(String syssnOrOutTradeNo) {
        Entry e = lookup(syssnOrOutTradeNo);
        if (e == null) {
            return new PayOutcome(PayResult.NOT_FOUND, null);
        }
        if (e.original != null) {
            return new PayOutcome(PayResult.NOT_PAYABLE, e.snapshot());
        }
        if (e.status == Status.EXPIRED) {
            return new PayOutcome(PayResult.EXPIRED, e.snapshot());
        }
        if (e.status == Status.UNPAID) {
            markPaid(e);
        }
        return new PayOutcome(PayResult.PAID, e.snapshot());
    }

    private void markPaid(Entry e) {
        e.status = Status.PAID;
        e.respcd = RespCodes.SUCCESS;
        e.paidAt = clock.instant();
        saved(e);
        notifySuccess(e);
    }

    // ------------------------------------------------------------------------------------------------ the portal

    /**
     * A payment QFPay has that the app never asked for (taken in QFPay's portal, or by another till of the merchant):
     * paid now, notified like any paid payment.
     */
    synchronized SandboxOrder portalPayment(String outTradeNo, long txamt, String txcurrcd) {
        if (byOutTradeNo.containsKey(outTradeNo)) {
            throw new IllegalArgumentException("out_trade_no " + outTradeNo + " was already used");
        }
        LocalDateTime sysdtm = now();
        Entry e = new Entry("payment", outTradeNo, nextSyssn(sysdtm), null, txamt, txcurrcd, "805814",
                DTM.format(sysdtm), null, "portal", sysdtm, clock.instant(), Trigger.NONE);
        e.status = Status.UNPAID;
        e.respcd = RespCodes.UNPAID;
        store(e);
        markPaid(e);
        return e.snapshot();
    }

    /**
     * A refund made in QFPay's portal, not through the API: done at once, under an out_trade_no of the portal's own,
     * notified like any refund.
     */
    synchronized SandboxOrder portalRefund(String paymentSyssnOrOutTradeNo, long txamt) {
        Entry original = lookup(paymentSyssnOrOutTradeNo);
        if (original == null || original.original != null || original.status != Status.PAID) {
            throw new IllegalArgumentException("no paid payment " + paymentSyssnOrOutTradeNo);
        }
        if (txamt < 1 || txamt > original.txamt - original.refunded - original.reserved) {
            throw new IllegalArgumentException("refund of " + txamt + " is more than is left of the payment");
        }
        LocalDateTime sysdtm = now();
        String syssn = nextSyssn(sysdtm);
        Entry r = new Entry("refund", "portal-" + syssn, syssn, original, txamt, original.txcurrcd, original.payType,
                DTM.format(sysdtm), null, "portal", sysdtm, clock.instant(), Trigger.NONE);
        r.status = Status.REFUND_DONE;
        r.respcd = RespCodes.SUCCESS;
        r.paidAt = r.createdAt;
        original.refunded += txamt;
        saved(original);
        store(r);
        notifySuccess(r);
        return r.snapshot();
    }

    /** QFPay's record says another amount or currency than was asked for (a record to reconcile). */
    synchronized SandboxOrder recordOtherAmount(String syssnOrOutTradeNo, long txamt, String txcurrcd) {
        Entry e = lookup(syssnOrOutTradeNo);
        if (e == null) {
            throw new IllegalArgumentException("no sandbox transaction " + syssnOrOutTradeNo);
        }
        e.txamt = txamt;
        e.txcurrcd = txcurrcd;
        saved(e);
        return e.snapshot();
    }

    /** QFPay has no record of this transaction any more (a record to reconcile); false if there was none. */
    synchronized boolean forget(String syssnOrOutTradeNo) {
        Entry e = lookup(syssnOrOutTradeNo);
        if (e == null) {
            return false;
        }
        drop(e);
        return true;
    }

    // ------------------------------------------------------------------------------------------------ durability

    /**
     * Takes back the transactions of a durable record (payments before their refunds, in creation order) and records
     * every change from now on there, keeping at most {@code kept} transactions (the oldest go first).
     *
     * @return how many transactions were taken back
     */
    synchronized int restore(SandboxJournal journal, int kept) {
        journal.loaded().forEach((key, value) -> {
            if (!key.startsWith(ORDER_KEY)) {
                return;
            }
            Entry e = StoredTransactions.entry(value, bySyssn::get);
            if (e == null) {
                LOG.info("QFPay sandbox: skipped the record {} of its data dir: a refund of a payment it no longer "
                        + "has, or not a transaction", key);
                return;
            }
            bySyssn.put(e.syssn, e);
            byOutTradeNo.put(e.outTradeNo, e);
            sequence = Math.max(sequence, StoredTransactions.sequenceOf(e.syssn));
        });
        this.journal = journal;
        this.kept = kept;
        for (String key : journal.loaded().keySet()) {
            if (key.startsWith(ORDER_KEY) && !bySyssn.containsKey(key.substring(ORDER_KEY.length()))) {
                journal.remove(key);
            }
        }
        while (bySyssn.size() > kept) {
            dropOldest();
        }
        return bySyssn.size();
    }

    // ------------------------------------------------------------------------------------------------ inspection

    synchronized Optional<SandboxOrder> find(String syssnOrOutTradeNo) {
        Entry e = lookup(syssnOrOutTradeNo);
        return e == null ? Optional.empty() : Optional.of(e.snapshot());
    }

    synchronized List<SandboxOrder> orders() {
        return bySyssn.values().stream().map(Entry::snapshot).collect(Collectors.toUnmodifiableList());
    }

    /** All transactions as JSON-ready maps, for {@code GET /sandbox/orders}. */
    synchronized List<Map<String, Object>> ordersForJson() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : bySyssn.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("order_type", e.orderType);
            m.put("out_trade_no", e.outTradeNo);
            m.put("syssn", e.syssn);
            if (e.original != null) {
                m.put("origssn", e.original.syssn);
            } else {
                m.put("pay_url", payUrl(e.syssn));
            }
            m.put("txamt", Long.toString(e.txamt));
            m.put("txcurrcd", e.txcurrcd);
            m.put("pay_type", e.payType);
            m.put("goods_name", e.goodsName == null ? "" : e.goodsName);
            m.put("status", e.status.name());
            m.put("respcd", e.respcd);
            m.put("cancel", e.cancel());
            m.put("refunded", Long.toString(e.refunded));
            m.put("sysdtm", DTM.format(e.sysdtm));
            m.put("paydtm", e.paidAt == null ? "" : DTM.format(e.paidAt.atZone(HONG_KONG)));
            m.put("created_at", e.createdAt.toString());
            m.put("paid_at", e.paidAt == null ? null : e.paidAt.toString());
            m.put("query_count", e.queryCount);
            m.put("trigger", e.trigger.name());
            list.add(m);
        }
        return list;
    }

    synchronized void record(ReceivedRequest request) {
        if (requests.size() >= MAX_RECORDED_REQUESTS) {
            requests.removeFirst();
        }
        requests.addLast(request);
    }

    synchronized List<ReceivedRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized void reset() {
        bySyssn.clear();
        byOutTradeNo.clear();
        requests.clear();
        // the sequence keeps counting so that no syssn is ever handed out twice by this sandbox
    }

    Instant instant() {
        return clock.instant();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Entry lookup(String syssnOrOutTradeNo) {
        if (syssnOrOutTradeNo == null) {
            return null;
        }
        Entry e = bySyssn.get(syssnOrOutTradeNo);
        return e != null ? e : byOutTradeNo.get(syssnOrOutTradeNo);
    }

    private void store(Entry e) {
        bySyssn.put(e.syssn, e);
        byOutTradeNo.put(e.outTradeNo, e);
        saved(e);
        while (bySyssn.size() > kept) {
            dropOldest();
        }
    }

    private void saved(Entry e) {
        if (journal != null) {
            journal.put(ORDER_KEY + e.syssn, StoredTransactions.record(e));
        }
    }

    private void drop(Entry e) {
        bySyssn.remove(e.syssn);
        byOutTradeNo.remove(e.outTradeNo);
        if (journal != null) {
            journal.remove(ORDER_KEY + e.syssn);
        }
    }

    /** The oldest transaction goes; a payment takes its refunds with it. */
    private void dropOldest() {
        Entry oldest = bySyssn.values().iterator().next();
        List<Entry> refunds = bySyssn.values().stream().filter(r -> r.original == oldest).toList();
        drop(oldest);
        refunds.forEach(this::drop);
    }

    private Answer duplicate(String outTradeNo) {
        return Answer.refusal(RespCodes.DUPLICATE,
                RespCodes.text(RespCodes.DUPLICATE) + ": out_trade_no " + outTradeNo + " was already used");
    }

    private Answer shape(Answer answer, Trigger trigger) {
        if (trigger == Trigger.SLOW_ANSWER) {
            return answer.delayed(slowAnswer);
        }
        if (trigger == Trigger.NON_JSON_ANSWER) {
            return Answer.gatewayError();
        }
        if (trigger == Trigger.CONNECTION_RESET) {
            return Answer.dropped();
        }
        return answer;
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(HONG_KONG)).withNano(0);
    }

    private String nextSyssn(LocalDateTime at) {
        sequence++;
        return SYSSN_DATE.format(at) + String.format("%018d", sequence);
    }

    /** The resperr of a create or refund answer with this respcd. */
    private static String resperr(String respcd) {
        return respcd.equals(RespCodes.SUCCESS) ? "Request successful" : RespCodes.text(respcd);
    }

    private static String required(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            throw Rejection.badParameter(name + " is missing");
        }
        return v;
    }

    private static long amount(Map<String, String> f, String name) {
        String v = required(f, name);
        if (!AMOUNT.matcher(v).matches()) {
            throw Rejection.badParameter(name + " must be a positive whole number of at most 11 digits (minor units)");
        }
        return Long.parseLong(v);
    }

    private static String outTradeNo(Map<String, String> f) {
        String v = required(f, "out_trade_no");
        maxLength(f, "out_trade_no", 128);
        return v;
    }

    private static String dateTime(Map<String, String> f, String name) {
        String v = required(f, name);
        parseDateTime(name, v);
        return v;
    }

    private static LocalDateTime optionalDateTime(Map<String, String> f, String name) {
        String v = f.get(name);
        return v == null ? null : parseDateTime(name, v);
    }

    private static LocalDateTime parseDateTime(String name, String v) {
        try {
            return LocalDateTime.parse(v, DTM);
        } catch (DateTimeParseException e) {
            throw Rejection.badParameter(name + " must be yyyy-MM-dd HH:mm:ss");
        }
    }

    private static void maxLength(Map<String, String> f, String name, int max) {
        String v = f.get(name);
        if (v != null && v.codePointCount(0, v.length()) > max) {
            throw Rejection.badParameter(name + " is longer than " + max + " characters");
        }
    }

    private static int page(Map<String, String> f, String name, int dflt) {
        String v = f.get(name);
        if (v == null) {
            return dflt;
        }
        if (!PAGE.matcher(v).matches()) {
            throw Rejection.badParameter(name + " must be a positive whole number");
        }
        return Integer.parseInt(v);
    }

    private static Set<String> list(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            return null;
        }
        Set<String> items = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (items.isEmpty()) {
            throw Rejection.badParameter(name + " holds no value");
        }
        return items;
    }

    /** Mutable transaction; only touched under the engine lock. */
    static final class Entry {
        final String orderType;
        final String outTradeNo;
        final String syssn;
        final Entry original;
        long txamt;
        String txcurrcd;
        final String payType;
        final String txdtm;
        final String goodsName;
        final String udid;
        final LocalDateTime sysdtm;
        final Instant createdAt;
        final Trigger trigger;
        Status status;
        String respcd;
        Instant paidAt;
        int queryCount;
        long refunded;
        long reserved;

        Entry(String orderType, String outTradeNo, String syssn, Entry original, long txamt, String txcurrcd,
                String payType, String txdtm, String goodsName, String udid, LocalDateTime sysdtm, Instant createdAt,
                Trigger trigger) {
            this.orderType = orderType;
            this.outTradeNo = outTradeNo;
            this.syssn = syssn;
            this.original = original;
            this.txamt = txamt;
            this.txcurrcd = txcurrcd;
            this.payType = payType;
            this.txdtm = txdtm;
            this.goodsName = goodsName;
            this.udid = udid;
            this.sysdtm = sysdtm;
            this.createdAt = createdAt;
            this.trigger = trigger;
        }

        String cancel() {
            if (original != null || refunded == 0) {
                return "0";
            }
            return refunded >= txamt ? "3" : "5";
        }

        SandboxOrder snapshot() {
            return new SandboxOrder(orderType, outTradeNo, syssn, original == null ? null : original.syssn, txamt,
                    txcurrcd, payType, goodsName, status, respcd, cancel(), refunded, createdAt, paidAt, queryCount,
                    trigger);
        }
    }
}
