package dev.camelpayme.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded HTTP server that behaves like QFPay's open API for PayMe online payments (805814 web, 805812 WAP), so
 * that a first run works offline and route tests have a realistic peer. It runs in the caller's JVM on the JDK's
 * {@code com.sun.net.httpserver} and starts in a few milliseconds. It keeps everything in memory, unless given a
 * {@linkplain Builder#dataDir(Path) data dir}: then its payments, refunds and notifications still due outlive a
 * restart (see "Durable record" below).
 *
 * <pre>{@code
 * try (QfpaySandbox sandbox = QfpaySandbox.builder().port(0).build().start()) {
 *     String baseUrl = sandbox.baseUrl();          // http://localhost:PORT, use it instead of openapi-hk.qfapi.com
 *     ...
 *     sandbox.markPaid("ORDER-1");                  // the shopper "scans" the QR
 * }
 * }</pre>
 *
 * <h2>Endpoints</h2>
 * <ul>
 * <li>{@code POST /trade/v1/payment}, {@code POST /trade/v1/query}, {@code POST /trade/v1/refund}: form-encoded UTF-8
 * body, JSON answer (HTTP 200, all values strings). Every request is authenticated first: {@code X-QF-APPCODE} must
 * be the configured app code; a field named {@code key}/{@code client_key} (or any value equal to the key) is refused;
 * empty fields get 1104; {@code X-QF-SIGN} must be the MD5 (or SHA-256 with {@code X-QF-SIGNTYPE: SHA256}) of the
 * decoded fields sorted by name, joined {@code k=v&...}, with the key appended (hex compared case-insensitively);
 * {@code mchid} must be exactly the configured one, or absent when none is configured. Authentication failures are
 * {@code 1108}.</li>
 * <li>{@code GET /sandbox/pay/{syssn}}: the page behind {@code pay_url} ({@code PayPage}): the order, its state, and
 * while unpaid the QR code of its pay_url and a button that POSTs to the same path.</li>
 * <li>{@code POST /sandbox/pay/{syssnOrOutTradeNo}}: the shopper pays; a browser's form (Accept: text/html) is sent
 * back to the page (303), anything else answers {@code {"result":"PAID",...}}, 404 ({@code NOT_FOUND}) for unknown
 * ids, 409 for expired orders ({@code EXPIRED}) and refunds ({@code NOT_PAYABLE}).</li>
 * <li>{@code GET /sandbox/orders}: JSON array of all payments and refunds.</li>
 * <li>Reconciliation's test hooks (Java only): {@link #portalPayment} and {@link #portalRefund} make records QFPay
 * has but the app never asked for; {@link #recordOtherAmount} and {@link #forget} make QFPay's records disagree with
 * the app's. {@code /trade/v1/query} by a {@code start_time}/{@code end_time} window alone lists every payment and
 * refund record of the window, {@code page_size} (at most 100) at a time.</li>
 * <li>Anything else: 404.</li>
 * </ul>
 *
 * <h2>Amount triggers</h2>
 * The payment's {@code txamt} (minor units) selects a deterministic behaviour. Triggers are applied after
 * authentication and parameter validation; N is {@link Builder#pendingQueriesBeforePaid(int)} (default 2).
 * <table border="1">
 * <caption>Payment triggers ({@code POST /trade/v1/payment})</caption>
 * <tr><th>txamt</th><th>Create answer</th><th>Order created</th><th>Query record afterwards</th></tr>
 * <tr><td>90429</td><td>HTTP 429 Too Many Requests (HTML body)</td><td>no</td><td>-</td></tr>
 * <tr><td>90500</td><td>HTTP 500 with an HTML body</td><td>no</td><td>-</td></tr>
 * <tr><td>90503</td><td>HTTP 503 (HTML body)</td><td>no</td><td>-</td></tr>
 * <tr><td>90408</td><td>0000, but only after the slow-answer delay (default 15 s)</td><td>yes</td>
 * <td>1143 until paid (a client that timed out never heard of it)</td></tr>
 * <tr><td>90200</td><td>HTTP 200, body {@code <html>gateway error</html>} (Content-Type still claims JSON)</td>
 * <td>yes</td><td>1143 until paid</td></tr>
 * <tr><td>90104</td><td>none: the connection is closed after the request was read (a reset after the send)</td>
 * <td>yes</td><td>1143 until paid</td></tr>
 * <tr><td>90001</td><td>1143</td><td>yes</td><td>1143 forever (only {@code markPaid}/the pay page can pay it)</td></tr>
 * <tr><td>90002</td><td>0000</td><td>yes</td><td>1143 for N queries, then 1181 (expired, final)</td></tr>
 * <tr><td>90003</td><td>1143</td><td>yes</td><td>1143 for N queries, then 1181 (expired, final)</td></tr>
 * <tr><td>91143, 91145, 91295, 91298</td><td>that code (with syssn and pay_url)</td><td>yes</td>
 * <td>that code for N queries, then 0000 with {@code paydtm} ("pending then paid")</td></tr>
 * <tr><td>9CCCC, any other CCCC in 1000..2999 (e.g. 91204, 91205, 92011, 91100)</td><td>respcd CCCC with a
 * resperr</td><td>no (the out_trade_no stays unused)</td><td>-</td></tr>
 * <tr><td>anything else</td><td>0000 with pay_url</td><td>yes</td><td>1143 until paid, then 0000</td></tr>
 * </table>
 * <table border="1">
 * <caption>Refund triggers ({@code POST /trade/v1/refund}, by the refund's {@code txamt})</caption>
 * <tr><th>txamt</th><th>Refund answer</th><th>Refund executed</th></tr>
 * <tr><td>90429, 90500, 90503</td><td>HTTP 429, 500, 503 as above</td><td>no</td></tr>
 * <tr><td>90408</td><td>normal answer after the slow-answer delay</td><td>yes (if otherwise valid)</td></tr>
 * <tr><td>90200</td><td>HTTP 200, body {@code <html>gateway error</html>}</td><td>yes (if otherwise valid)</td></tr>
 * <tr><td>91143, 91145, 91295, 91298</td><td>that code with the refund's syssn</td><td>yes, its record shows the
 * code for N queries, then 0000</td></tr>
 * <tr><td>9CCCC, any other CCCC in 1000..2999 (e.g. 91269, 91265)</td><td>respcd CCCC</td><td>no</td></tr>
 * <tr><td>anything else</td><td>normal refund rules (1268 unknown syssn, 1261 unpaid, 1272 over the remainder,
 * else 0000)</td><td>on 0000</td></tr>
 * </table>
 * Refunding 90xxx amounts needs a payment of at least that amount, e.g. pay 100000 (HK$1,000.00), then refund 90408.
 *
 * <h2>Other behaviour</h2>
 * {@code out_trade_no} must be unique across all payments and refunds (else 1102). Queries follow QFPay's window
 * rule: without {@code syssn} the {@code sysdtm} window defaults to the current calendar month (Hong Kong time from
 * the clock) and must lie within one calendar month (else 1104); {@code page_size} defaults to 10 and is capped at
 * 100. Every query that matches a transaction counts as one query of it, which drives the "after N queries"
 * transitions. Orders do not expire by time.
 *
 * <h2>Notifications</h2>
 * Only with {@link Builder#notifyUrl(String)} (default none: nothing is sent). Like QFPay (reference §6), the sandbox
 * then POSTs a notification when a payment becomes paid ({@link #markPaid}, the pay page, or a "pending then paid"
 * trigger on the query that turns it) and when a refund succeeds (at once, or when its pending trigger turns 0000);
 * never for unpaid, expired or refused transactions, nor for paying a paid order again.
 * <ul>
 * <li>Request: {@code Content-Type: application/json}; header {@code X-QF-SIGN} = upper-case hex MD5 of the exact
 * body bytes followed by the client key's UTF-8 bytes.</li>
 * <li>Body: one line of JSON as Python's {@code json.dumps} writes it ({@code ", "} and {@code ": "} separators,
 * non-ASCII as {@code \}{@code uXXXX}), members in the order of the reference's vector N1, all values strings:
 * {@code status} 1, {@code pay_type}, {@code sysdtm}, {@code paydtm}, {@code goods_name}, {@code txcurrcd},
 * {@code txdtm}, {@code txamt}, {@code exchange_rate}, {@code chnlsn2}, {@code out_trade_no}, {@code syssn},
 * {@code cash_fee_type} (the currency), {@code cancel}, {@code respcd} 0000, {@code goods_info}, {@code cash_fee}
 * (the txamt), {@code notify_type} ({@code payment}/{@code refund}), {@code chnlsn}, {@code cardcd}; empty strings
 * where the sandbox knows nothing. A refund's carries its own {@code syssn}, {@code out_trade_no} and {@code txamt} (the
 * refunded amount) and {@code origssn} (the payment's {@code syssn}). A receiver that re-serialises the JSON before
 * hashing gets another digest, as it would against QFPay.</li>
 * <li>Delivery: asynchronous (the request or call that caused it never waits). HTTP 200 with the body
 * {@code SUCCESS} (trimmed) ends the deliveries of that notification; anything else (another status or body, a
 * refused or reset connection, a timeout: {@link Builder#notifyConnectTimeout}, {@link Builder#notifyRequestTimeout})
 * schedules the next retry after the next gap of {@link Builder#notifyRetryDelays} (default QFPay's 2 min, 10 min,
 * 10 min, 60 min, 2 h, 6 h, 15 h); after the last the sandbox gives up. Every retry sends the same bytes.</li>
 * <li>Inspection and control: {@link #notifications()} records every attempt ({@link SentNotification});
 * {@link #sendNotificationAgain(String)} delivers a notification once more, as a QFPay retry would, to test a
 * receiver's idempotence. {@link #stop()} and {@link #reset()} abandon pending retries (with a data dir, a stop
 * keeps them for the next start).</li>
 * </ul>
 *
 * <h2>Durable record</h2>
 * With {@link Builder#dataDir(Path)} the sandbox writes every payment and refund (status, amounts, {@code syssn},
 * {@code out_trade_no}, the fields its pay page and query records show, the pending-query count while it still leads
 * to a transition, the times) and every notification still due (its exact body, attempts so far and when the next
 * one is due) to {@code journal.jsonl} in that folder, one JSON line per change, and reads it back at
 * {@link #start()}. So after a restart on the same folder and port its {@code pay_url}s still open and can be paid,
 * pending triggers go on counting, used {@code out_trade_no} values stay used, and notifications due are sent on
 * their schedule (one whose time passed while the sandbox was down, at once). A line torn by a crash is skipped with
 * a WARN. It keeps the latest {@value #KEPT_TRANSACTIONS} transactions (the oldest go first, a payment with its
 * refunds). The folder is owner-only (0700, files 0600) where the file system has POSIX permissions, and one running
 * sandbox holds it at a time. The recorded requests ({@link #requests()}) and delivery attempts
 * ({@link #notifications()}) stay in memory only, and so does what {@link #sendNotificationAgain} can replay of
 * notifications delivered before the restart.
 * <p>
 * Thread-safe. Requests are served by at most 16 worker threads; delayed answers are written from a scheduler and do
 * not hold a worker. The client key is never logged, echoed or recorded (nor sent: a notification only carries its
 * signature).
 */
public final class QfpaySandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QfpaySandbox.class);

    static {
        // without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // about 40 ms per answer on a kept-alive connection. Read once, when the JDK's ServerConfig loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Worker threads serving requests. */
    public static final int WORKER_THREADS = 16;

    /** How many transactions a sandbox with a data dir keeps (the oldest go first). */
    public static final int KEPT_TRANSACTIONS = 10_000;

    /** QFPay's notification retry schedule (reference §6.4), the default of {@link Builder#notifyRetryDelays}. */
    public static final List<Duration> QFPAY_RETRY_DELAYS = List.of(Duration.ofMinutes(2), Duration.ofMinutes(10),
            Duration.ofMinutes(10), Duration.ofMinutes(60), Duration.ofHours(2), Duration.ofHours(6),
            Duration.ofHours(15));

    private final int requestedPort;
    private final InetAddress bindAddress;
    private final String appCode;
    private final String clientKey;
    private final String mchid;
    private final Duration slowAnswer;
    private final int pendingQueriesBeforePaid;
    private final Clock clock;
    private final URI notifyUrl;
    private final List<Duration> notifyRetryDelays;
    private final Duration notifyConnectTimeout;
    private final Duration notifyRequestTimeout;
    private final SandboxNotifier notifier;
    private final SandboxEngine engine;
    private final Path dataDir;
    private final int keptTransactions;

    private HttpServer server;
    private SandboxJournal journal;
    private ThreadPoolExecutor workers;
    private ScheduledExecutorService scheduler;
    private volatile int boundPort = -1;
    private boolean stopped;

    private QfpaySandbox(Builder b) {
        this.requestedPort = b.port;
        this.bindAddress = b.bindAddress;
        this.appCode = b.appCode;
        this.clientKey = b.clientKey;
        this.mchid = b.mchid;
        this.slowAnswer = b.slowAnswer;
        this.pendingQueriesBeforePaid = b.pendingQueriesBeforePaid;
        this.clock = b.clock;
        this.notifyUrl = b.notifyUrl;
        this.notifyRetryDelays = b.notifyRetryDelays;
        this.notifyConnectTimeout = b.notifyConnectTimeout;
        this.notifyRequestTimeout = b.notifyRequestTimeout;
        this.dataDir = b.dataDir;
        this.keptTransactions = b.keptTransactions;
        this.notifier = notifyUrl == null ? null
                : new SandboxNotifier(notifyUrl, clientKey, notifyRetryDelays, b.notifyConnectTimeout,
                        b.notifyRequestTimeout, clock);
        this.engine = new SandboxEngine(clock, pendingQueriesBeforePaid, slowAnswer, this::baseUrl,
                notifier == null ? n -> { } : notifier::submit);
    }

    /** A builder with the demo credentials ({@link SandboxCredentials}), port 0 and the defaults documented there. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /**
     * Reads its data dir, if it has one, then binds and starts serving. A sandbox starts once; after {@link #stop()}
     * build a new one.
     *
     * @return this sandbox, for chaining
     * @throws UncheckedIOException  if the port cannot be bound, or the data dir cannot be read or written
     * @throws IllegalStateException if another running sandbox uses the data dir
     */
    public synchronized QfpaySandbox start() {
        if (server != null) {
            throw new IllegalStateException("QFPay sandbox already started on port " + boundPort);
        }
        if (stopped) {
            throw new IllegalStateException("QFPay sandbox was stopped; build a new one");
        }
        SandboxJournal j = dataDir == null ? null : openRecord();
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(bindAddress, requestedPort), 0);
        } catch (IOException e) {
            if (j != null) {
                j.close();
            }
            throw new UncheckedIOException("QFPay sandbox cannot bind " + bindAddress.getHostAddress() + ":"
                    + requestedPort, e);
        }
        journal = j;
        workers = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("qfpay-sandbox-worker-"));
        workers.allowCoreThreadTimeOut(true);
        scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("qfpay-sandbox-delay-"));
        s.createContext("/", new SandboxHttpHandler(engine, appCode, clientKey, mchid, scheduler));
        s.setExecutor(workers);
        if (notifier != null) {
            notifier.start();
        }
        s.start();
        server = s;
        boundPort = s.getAddress().getPort();
        LOG.info("QFPay sandbox listening on {} (app code {}, {}, slow answer {}, pending for {} queries, {})",
                baseUrl(), appCode, mchid == null ? "no mchid" : "mchid " + mchid, slowAnswer,
                pendingQueriesBeforePaid, notifyUrl == null ? "no notifications" : "notifications to " + notifyUrl);
        return this;
    }

    /** Opens the data dir and takes back what it holds: transactions, and notifications due if they are sent. */
    private SandboxJournal openRecord() {
        SandboxJournal j = SandboxJournal.open(dataDir);
        int transactions = engine.restore(j, keptTransactions);
        int due = 0;
        if (notifier != null) {
            due = notifier.restore(j);
        } else {
            // a sandbox without a notify URL sends nothing, then or later
            j.loaded().keySet().stream().filter(key -> key.startsWith(SandboxNotifier.NOTIFICATION_KEY))
                    .forEach(j::remove);
        }
        LOG.info("QFPay sandbox: {} transaction{} and {} notification{} still due taken back from {}", transactions,
                transactions == 1 ? "" : "s", due, due == 1 ? "" : "s", dataDir.toAbsolutePath());
        return j;
    }

    /**
     * Stops serving at once; unanswered (slow) requests are dropped, pending notification retries and deliveries in
     * flight are abandoned (the attempts recorded so far stay readable; with a data dir the retries are sent after
     * the next start). Idempotent.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        if (notifier != null) {
            notifier.stop();
        }
        scheduler.shutdownNow();
        server.stop(0);
        workers.shutdownNow();
        if (journal != null) {
            journal.close();
        }
        server = null;
        stopped = true;
        LOG.info("QFPay sandbox on port {} stopped", boundPort);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Whether the sandbox is serving. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The bound port (the ephemeral one when configured with 0). */
    public int port() {
        int p = boundPort;
        if (p < 0) {
            throw new IllegalStateException("QFPay sandbox not started");
        }
        return p;
    }

    /** {@code http://localhost:PORT}: the base URL to configure in place of QFPay's host. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /** The {@code pay_url} the sandbox hands out for a payment. */
    public String payUrl(String syssn) {
        return engine.payUrl(syssn);
    }

    // ------------------------------------------------------------------------------------------------ settings

    public String appCode() {
        return appCode;
    }

    public Optional<String> mchid() {
        return Optional.ofNullable(mchid);
    }

    public Duration slowAnswer() {
        return slowAnswer;
    }

    public int pendingQueriesBeforePaid() {
        return pendingQueriesBeforePaid;
    }

    public Clock clock() {
        return clock;
    }

    /** The URL notifications are POSTed to, if configured. */
    public Optional<String> notifyUrl() {
        return Optional.ofNullable(notifyUrl).map(URI::toString);
    }

    /** The gaps between the notification retries (the first delivery is immediate). */
    public List<Duration> notifyRetryDelays() {
        return notifyRetryDelays;
    }

    // ------------------------------------------------------------------------------------------------ control

    /**
     * The shopper pays the payment with this {@code syssn} (or, failing that, this {@code out_trade_no}), exactly as
     * a POST to {@code /sandbox/pay/{id}} does. Paying a paid order again changes nothing.
     *
     * @return the order after payment
     * @throws NoSuchElementException if there is no such order
     * @throws IllegalStateException  if the order expired, or the id names a refund
     */
    public SandboxOrder markPaid(String syssnOrOutTradeNo) {
        SandboxEngine.PayOutcome outcome = engine.pay(syssnOrOutTradeNo);
        switch (outcome.result()) {
            case PAID:
                return outcome.order();
            case NOT_FOUND:
                throw new NoSuchElementException("no sandbox order " + syssnOrOutTradeNo);
            case EXPIRED:
                throw new IllegalStateException("sandbox order " + syssnOrOutTradeNo + " has expired");
            default:
                throw new IllegalStateException(syssnOrOutTradeNo + " is a refund, not a payment");
        }
    }

    /**
     * Delivers the notification of this {@code syssn} (or, failing that, this {@code out_trade_no}) once more, with the
     * same body and signature, as QFPay's retries do, and waits for the receiver's answer (at most the connect plus the
     * request timeout). It is one extra attempt: a failed replay schedules nothing, an acknowledged one also ends the
     * pending retries of that notification.
     *
     * @return the recorded attempt
     * @throws IllegalStateException  if no notify URL is configured or the sandbox is not running
     * @throws NoSuchElementException if no notification was sent for that transaction
     */
    public SentNotification sendNotificationAgain(String syssnOrOutTradeNo) {
        if (notifier == null) {
            throw new IllegalStateException("QFPay sandbox has no notifyUrl: notifications are off");
        }
        return notifier.again(Objects.requireNonNull(syssnOrOutTradeNo, "syssnOrOutTradeNo"));
    }

    /**
     * Delivers the notification of this paid payment or completed refund (by {@code syssn}, or failing that
     * {@code out_trade_no}) once to the given URL, whether or not a notify URL is configured: the same body and
     * {@code X-QF-SIGN} as QFPay's, never retried and not recorded in {@link #notifications()}. Waits for the
     * receiver's answer (at most the connect plus the request timeout).
     *
     * @return the attempt (attempt 1; {@link SentNotification#IO_ERROR} when no answer arrived)
     * @throws NoSuchElementException   if there is no such paid payment or completed refund
     * @throws IllegalArgumentException if the URL is not an absolute http or https URL
     */
    public SentNotification sendNotification(String syssnOrOutTradeNo, String url) {
        URI target = httpUrl(url);
        SandboxNotifier.Notification n = engine.notificationFor(Objects.requireNonNull(syssnOrOutTradeNo, "id"))
                .orElseThrow(() -> new NoSuchElementException("no paid sandbox payment or completed refund "
                        + syssnOrOutTradeNo));
        return NotificationPost.send(target, n, clientKey, notifyConnectTimeout, notifyRequestTimeout, clock);
    }

    /**
     * Whether this recorded request carried a valid {@code X-QF-SIGN} for its fields under the sandbox's key, by the
     * algorithm its {@code X-QF-SIGNTYPE} names (false for an unknown one).
     */
    public boolean signatureValid(ReceivedRequest request) {
        SignatureCheck.Algorithm algorithm = SignatureCheck.Algorithm.fromHeader(
                request.header("X-QF-SIGNTYPE").orElse(null));
        return algorithm != null && SignatureCheck.matches(request.form(), clientKey, algorithm,
                request.header("X-QF-SIGN").orElse(null));
    }

    /**
     * A payment QFPay has but the app never asked for, as if taken in QFPay's portal: paid now under this
     * {@code out_trade_no} (805814), and notified like any paid payment.
     *
     * @throws IllegalArgumentException if the out_trade_no was used already
     */
    public SandboxOrder portalPayment(String outTradeNo, long txamt, String txcurrcd) {
        return engine.portalPayment(Objects.requireNonNull(outTradeNo, "outTradeNo"), txamt,
                Objects.requireNonNull(txcurrcd, "txcurrcd"));
    }

    /**
     * A refund made in QFPay's portal, not through the API: done at once under an {@code out_trade_no} of the portal's
     * own ({@code portal-<syssn>}), listed by queries with its {@code origssn}, and notified like any refund.
     *
     * @throws IllegalArgumentException if there is no such paid payment, or the amount is more than is left of it
     */
    public SandboxOrder portalRefund(String paymentSyssnOrOutTradeNo, long txamt) {
        return engine.portalRefund(paymentSyssnOrOutTradeNo, txamt);
    }

    /**
     * Makes QFPay's record of a transaction say another amount or currency than was asked for, as a record to
     * reconcile; nothing is notified.
     *
     * @throws IllegalArgumentException if there is no such transaction
     */
    public SandboxOrder recordOtherAmount(String syssnOrOutTradeNo, long txamt, String txcurrcd) {
        return engine.recordOtherAmount(syssnOrOutTradeNo, txamt, Objects.requireNonNull(txcurrcd, "txcurrcd"));
    }

    /** QFPay has no record of this transaction any more, as a record to reconcile; false if there was none. */
    public boolean forget(String syssnOrOutTradeNo) {
        return engine.forget(syssnOrOutTradeNo);
    }

    /**
     * Forgets all orders, refunds, recorded requests and notifications (used out_trade_no values become free again),
     * in its data dir too; pending notification retries are abandoned.
     */
    public void reset() {
        engine.reset();
        if (notifier != null) {
            notifier.reset();
        }
        SandboxJournal j;
        synchronized (this) {
            j = journal;
        }
        if (j != null) {
            j.clear();
        }
    }

    // ------------------------------------------------------------------------------------------------ inspection

    /** Snapshot of all payments and refunds, in creation order. */
    public List<SandboxOrder> orders() {
        return engine.orders();
    }

    /** The payment or refund with this {@code syssn}, or failing that this {@code out_trade_no}. */
    public Optional<SandboxOrder> order(String outTradeNoOrSyssn) {
        return engine.find(outTradeNoOrSyssn);
    }

    /** Payments (not refunds) whose {@code out_trade_no} starts with the prefix, in creation order. */
    public List<SandboxOrder> paymentsCreatedFor(String outTradeNoPrefix) {
        return orders().stream().filter(SandboxOrder::isPayment)
                .filter(o -> o.outTradeNo().startsWith(outTradeNoPrefix)).collect(Collectors.toUnmodifiableList());
    }

    /** Refunds of the payment with this {@code syssn} or {@code out_trade_no}, in creation order. */
    public List<SandboxOrder> refundsOf(String paymentSyssnOrOutTradeNo) {
        Optional<SandboxOrder> payment = order(paymentSyssnOrOutTradeNo).filter(SandboxOrder::isPayment);
        if (payment.isEmpty()) {
            return List.of();
        }
        String syssn = payment.get().syssn();
        return orders().stream().filter(o -> syssn.equals(o.origSyssn())).collect(Collectors.toUnmodifiableList());
    }

    /** Snapshot of the recorded requests, oldest first (the latest 10,000 are kept). */
    public List<ReceivedRequest> requests() {
        return engine.requests();
    }

    /** Recorded requests to exactly this path, e.g. {@code /trade/v1/query}. */
    public List<ReceivedRequest> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Snapshot of every notification delivery attempt, in the order the answers arrived (the latest 10,000 are
     * kept); empty when no notify URL is configured.
     */
    public List<SentNotification> notifications() {
        return notifier == null ? List.of() : notifier.sent();
    }

    /** The recorded delivery attempts of the notification of this {@code syssn} or {@code out_trade_no}. */
    public List<SentNotification> notifications(String syssnOrOutTradeNo) {
        return notifications().stream()
                .filter(n -> n.syssn().equals(syssnOrOutTradeNo) || n.outTradeNo().equals(syssnOrOutTradeNo))
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public String toString() {
        return "QfpaySandbox[" + (boundPort < 0 ? "not started" : baseUrl()) + ", appCode=" + appCode
                + (mchid == null ? "" : ", mchid=" + mchid) + "]";
    }

    private static URI httpUrl(String url) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(url, "url"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("notifyUrl is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("notifyUrl must be an absolute http or https URL");
        }
        return uri;
    }

    /** Daemon threads named prefix1, prefix2, ... (also used by {@link SandboxNotifier}). */
    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Settings of a {@link QfpaySandbox}; every setting has a default. */
    public static final class Builder {
        private int port;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private String appCode = SandboxCredentials.APP_CODE;
        private String clientKey = SandboxCredentials.CLIENT_KEY;
        private String mchid;
        private Duration slowAnswer = Duration.ofSeconds(15);
        private int pendingQueriesBeforePaid = 2;
        private Clock clock = Clock.systemUTC();
        private URI notifyUrl;
        private List<Duration> notifyRetryDelays = QFPAY_RETRY_DELAYS;
        private Duration notifyConnectTimeout = Duration.ofSeconds(5);
        private Duration notifyRequestTimeout = Duration.ofSeconds(10);
        private Path dataDir;
        private int keptTransactions = KEPT_TRANSACTIONS;

        private Builder() {
        }

        /** TCP port; 0 (the default) picks an ephemeral one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535");
            }
            this.port = port;
            return this;
        }

        /** Address to bind; default loopback only. The pay URLs always name {@code localhost}. */
        public Builder bindAddress(InetAddress bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /** Expected {@code X-QF-APPCODE}; default {@link SandboxCredentials#APP_CODE}. */
        public Builder appCode(String appCode) {
            this.appCode = requireText(appCode, "appCode");
            return this;
        }

        /** Key the signatures are checked with; default {@link SandboxCredentials#CLIENT_KEY}. */
        public Builder clientKey(String clientKey) {
            this.clientKey = requireText(clientKey, "clientKey");
            return this;
        }

        /**
         * The merchant's {@code mchid}. When set, every request must carry exactly this value; when unset (the
         * default) a request carrying {@code mchid} is refused. Both with 1108, like QFPay.
         */
        public Builder mchid(String mchid) {
            this.mchid = mchid == null ? null : requireText(mchid, "mchid");
            return this;
        }

        /** Delay of the {@code 90408} slow answer; default 15 s. */
        public Builder slowAnswer(Duration slowAnswer) {
            if (slowAnswer == null || slowAnswer.isNegative()) {
                throw new IllegalArgumentException("slowAnswer must be zero or positive");
            }
            this.slowAnswer = slowAnswer;
            return this;
        }

        /** How many queries a pending-trigger transaction stays pending before it turns final; default 2. */
        public Builder pendingQueriesBeforePaid(int queries) {
            if (queries < 0) {
                throw new IllegalArgumentException("pendingQueriesBeforePaid must be >= 0");
            }
            this.pendingQueriesBeforePaid = queries;
            return this;
        }

        /** Clock for {@code sysdtm}, {@code paydtm}, syssn dates and the query window; default system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where to POST the asynchronous notifications (an absolute {@code http} or {@code https} URL); default none,
         * and {@code null} means none: no notification is sent.
         */
        public Builder notifyUrl(String notifyUrl) {
            if (notifyUrl == null) {
                this.notifyUrl = null;
                return this;
            }
            this.notifyUrl = httpUrl(notifyUrl);
            return this;
        }

        /**
         * The gaps between the delivery attempts of one notification after the first (immediate) one; after the last
         * the sandbox gives up. Default QFPay's schedule: 2 min, 10 min, 10 min, 60 min, 2 h, 6 h, 15 h. An empty list
         * means a single attempt.
         */
        public Builder notifyRetryDelays(List<Duration> delays) {
            Objects.requireNonNull(delays, "notifyRetryDelays");
            for (Duration d : delays) {
                if (d == null || d.isNegative()) {
                    throw new IllegalArgumentException("notifyRetryDelays must be zero or positive durations");
                }
            }
            this.notifyRetryDelays = List.copyOf(delays);
            return this;
        }

        /** Connect timeout of a notification delivery; default 5 s. */
        public Builder notifyConnectTimeout(Duration timeout) {
            this.notifyConnectTimeout = positive(timeout, "notifyConnectTimeout");
            return this;
        }

        /** How long a notification delivery waits for the receiver's answer; default 10 s. */
        public Builder notifyRequestTimeout(Duration timeout) {
            this.notifyRequestTimeout = positive(timeout, "notifyRequestTimeout");
            return this;
        }

        /**
         * A folder for the sandbox's durable record, read at {@link #start()} (see "Durable record" on
         * {@link QfpaySandbox}); created owner-only if missing. Default none, and {@code null} means none: everything
         * stays in memory and a new sandbox starts empty.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** How many transactions a sandbox with a data dir keeps; {@link #KEPT_TRANSACTIONS} unless a test says. */
        Builder keptTransactions(int kept) {
            if (kept < 1) {
                throw new IllegalArgumentException("keptTransactions must be at least 1");
            }
            this.keptTransactions = kept;
            return this;
        }

        public QfpaySandbox build() {
            return new QfpaySandbox(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
