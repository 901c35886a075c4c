package dev.camelpayme.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the sandbox's asynchronous notifications as QFPay does (reference §6): a signed JSON POST to the notify
 * URL, retried after each delay of the schedule until the receiver answers HTTP 200 with {@code SUCCESS}, then given
 * up. Sending never blocks the caller: {@link #submit} only hands the work to a scheduler thread, and the HTTP
 * exchanges run on the HTTP client's own threads.
 */
final class SandboxNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(QfpaySandbox.class);

    /** The body a receiver answers (with HTTP 200) to acknowledge a notification. */
    static final String ACK = "SUCCESS";
    static final int MAX_RECORDED = 10_000;
    private static final int MAX_LOGGED_ANSWER = 200;
    /**
     * A notification taken back from the durable record is sent no sooner than this after the start: the app starts
     * its notification listener after the sandbox, and an attempt refused meanwhile would wait for the next retry
     * (minutes).
     */
    static final Duration AFTER_START = Duration.ofSeconds(5);

    /** The key prefix of a notification still due in the durable record. */
    static final String NOTIFICATION_KEY = "notification:";

    /** A notification to deliver: the transaction it is about and its exact body. */
    record Notification(String notifyType, String syssn, String outTradeNo, String body) {
    }

    /** A notification still due when the sandbox last stopped: its attempts so far and when the next one is due. */
    private record Due(Notification notification, int attempts, int retriesDone, Instant dueAt) {
    }

    private final URI url;
    private final String clientKey;
    private final List<Duration> retryDelays;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Clock clock;

    private final Object lock = new Object();
    private final Deque<SentNotification> sent = new ArrayDeque<>();
    private final Map<String, Delivery> bySyssn = new HashMap<>();
    private final Map<String, Delivery> byOutTradeNo = new HashMap<>();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private HttpClient http;
    private ExecutorService httpThreads;
    private ScheduledExecutorService scheduler;
    private boolean running;
    private long generation;
    /** The durable record, or {@code null}: in memory only. */
    private SandboxJournal journal;
    private final List<Due> restored = new ArrayList<>();

    SandboxNotifier(URI url, String clientKey, List<Duration> retryDelays, Duration connectTimeout,
            Duration requestTimeout, Clock clock) {
        this.url = url;
        this.clientKey = clientKey;
        this.retryDelays = List.copyOf(retryDelays);
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /**
     * Takes back the notifications a durable record holds as still due, to be sent on their schedule once started, and
     * records every notification due from now on there.
     *
     * @return how many were taken back
     */
    int restore(SandboxJournal journal) {
        synchronized (lock) {
            this.journal = journal;
            journal.loaded().forEach((key, value) -> {
                if (key.startsWith(NOTIFICATION_KEY)) {
                    Due due = due(value);
                    if (due == null) {
                        LOG.info("QFPay sandbox: skipped the record {} of its data dir: not a notification", key);
                        journal.remove(key);
                    } else {
                        restored.add(due);
                    }
                }
            });
            return restored.size();
        }
    }

    void start() {
        synchronized (lock) {
            httpThreads = Executors.newCachedThreadPool(QfpaySandbox.daemonThreads("qfpay-sandbox-notify-http-"));
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER).executor(httpThreads).build();
            scheduler = Executors.newSingleThreadScheduledExecutor(QfpaySandbox.daemonThreads("qfpay-sandbox-notify-"));
            running = true;
            Instant now = clock.instant();
            for (Due due : restored) {
                Delivery d = new Delivery(due.notification(), generation, due.attempts());
                bySyssn.put(due.notification().syssn(), d);
                byOutTradeNo.put(due.notification().outTradeNo(), d);
                long delay = Math.max(AFTER_START.toNanos(), Duration.between(now, due.dueAt()).toNanos());
                scheduler.schedule(() -> attempt(d, due.retriesDone()), delay, TimeUnit.NANOSECONDS);
            }
            restored.clear();
        }
    }

    /** Cancels pending retries and exchanges in flight; what was recorded stays readable. */
    void stop() {
        ScheduledExecutorService s;
        ExecutorService h;
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
            generation++;
            s = scheduler;
            h = httpThreads;
        }
        s.shutdownNow();
        cancelInFlight();
        h.shutdown(); // the HTTP client has no close() on Java 17: its idle threads end with the pool
    }

    /** Forgets every notification and its record; pending retries and exchanges in flight are abandoned. */
    void reset() {
        synchronized (lock) {
            generation++;
            sent.clear();
            bySyssn.clear();
            byOutTradeNo.clear();
            restored.clear();
        }
        cancelInFlight();
    }

    private void cancelInFlight() {
        for (CompletableFuture<?> f : List.copyOf(inFlight)) {
            f.cancel(true);
        }
        inFlight.clear();
    }

    // ------------------------------------------------------------------------------------------------ delivery

    /**
     * Queues the first delivery of a notification; returns at once. Ignored unless started, except that a durable
     * record still open keeps it as due for the next start.
     */
    void submit(Notification n) {
        synchronized (lock) {
            if (!running) {
                LOG.debug("QFPay sandbox: not running, {} notification for {} not sent{}", n.notifyType(),
                        n.outTradeNo(), journal == null ? "" : " (due at the next start)");
                if (journal != null) {
                    recordDue(n, 0, 0, clock.instant());
                }
                return;
            }
            Delivery d = new Delivery(n, generation, 0);
            bySyssn.put(n.syssn(), d);
            byOutTradeNo.put(n.outTradeNo(), d);
            recordDue(n, 0, 0, clock.instant());
            try {
                scheduler.execute(() -> attempt(d, 0));
            } catch (RejectedExecutionException stopping) {
                LOG.debug("QFPay sandbox: stopping, {} notification for {} not sent", n.notifyType(), n.outTradeNo());
            }
        }
    }

    /**
     * Delivers the notification of this {@code syssn} (or {@code out_trade_no}) once more and waits for the answer.
     * An acknowledged replay also ends the pending retries of that notification.
     */
    SentNotification again(String syssnOrOutTradeNo) {
        Delivery d;
        synchronized (lock) {
            if (!running) {
                throw new IllegalStateException("QFPay sandbox not running");
            }
            d = bySyssn.get(syssnOrOutTradeNo);
            if (d == null) {
                d = byOutTradeNo.get(syssnOrOutTradeNo);
            }
            if (d == null) {
                throw new NoSuchElementException("no sandbox notification for " + syssnOrOutTradeNo);
            }
        }
        try {
            SentNotification s = send(d).get();
            if (s == null) {
                throw new IllegalStateException("QFPay sandbox stopped or reset during the delivery");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering the notification", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("notification delivery failed", e.getCause());
        }
    }

    List<SentNotification> sent() {
        synchronized (lock) {
            return List.copyOf(sent);
        }
    }

    /** Attempt after {@code retriesDone} retries; schedules the next retry unless acknowledged or out of delays. */
    private void attempt(Delivery d, int retriesDone) {
        if (!current(d) || d.acknowledged) {
            return;
        }
        if (retriesDone < retryDelays.size()) {
            // recorded before the attempt: a stop during it leaves the next one due on its schedule, as at QFPay
            recordDue(d.notification, d.attempts.get() + 1, retriesDone + 1,
                    clock.instant().plus(retryDelays.get(retriesDone)));
        }
        send(d).thenAccept(s -> {
            if (s == null || s.acknowledged() || d.acknowledged || !current(d)) {
                return;
            }
            if (retriesDone >= retryDelays.size()) {
                LOG.warn("QFPay sandbox: gave up the {} notification for {} ({}) after {} scheduled attempt{}",
                        s.notifyType(), s.outTradeNo(), s.syssn(), retriesDone + 1, retriesDone == 0 ? "" : "s");
                recordDone(d);
                return;
            }
            Duration delay = retryDelays.get(retriesDone);
            try {
                scheduler.schedule(() -> attempt(d, retriesDone + 1), delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                LOG.debug("QFPay sandbox: stopping, retries of the notification for {} dropped", s.outTradeNo());
            }
        });
    }

    /**
     * One POST. Completes with the recorded attempt, or with {@code null} when the sandbox stopped or was reset
     * meanwhile (nothing is recorded then). Never completes exceptionally.
     */
    private CompletableFuture<SentNotification> send(Delivery d) {
        Notification n = d.notification;
        int attempt = d.attempts.incrementAndGet();
        Instant time = clock.instant();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("Content-Type", "application/json").header("X-QF-SIGN", d.signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body)).build();
        CompletableFuture<HttpResponse<String>> exchange;
        try {
            exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            exchange = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpResponse<String>> tracked = exchange;
        inFlight.add(tracked);
        return tracked.handle((response, error) -> {
            inFlight.remove(tracked);
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause instanceof CancellationException || !current(d)) {
                return null;
            }
            int status = response == null ? SentNotification.IO_ERROR : response.statusCode();
            String answer = response == null || response.body() == null ? "" : response.body();
            boolean ack = status == 200 && answer.trim().equals(ACK);
            if (ack) {
                d.acknowledged = true;
                recordDone(d);
            }
            SentNotification s = new SentNotification(n.notifyType(), n.syssn(), n.outTradeNo(), n.body(),
                    d.signature, attempt, status, ack, time);
            record(s);
            if (ack) {
                LOG.info("QFPay sandbox: {} notification for {} ({}) attempt {} acknowledged", n.notifyType(),
                        n.outTradeNo(), n.syssn(), attempt);
            } else if (response == null) {
                LOG.info("QFPay sandbox: {} notification for {} ({}) attempt {} got no answer: {}", n.notifyType(),
                        n.outTradeNo(), n.syssn(), attempt, cause);
            } else {
                LOG.info("QFPay sandbox: {} notification for {} ({}) attempt {} not acknowledged: HTTP {} '{}'",
                        n.notifyType(), n.outTradeNo(), n.syssn(), attempt, status, abbreviate(answer));
            }
            return s;
        });
    }

    private boolean current(Delivery d) {
        synchronized (lock) {
            return running && d.generation == generation;
        }
    }

    private void record(SentNotification s) {
        synchronized (lock) {
            if (sent.size() >= MAX_RECORDED) {
                sent.removeFirst();
            }
            sent.addLast(s);
        }
    }

    /** Writes to the durable record, if any, that this notification is due at {@code dueAt}. */
    private void recordDue(Notification n, int attempts, int retriesDone, Instant dueAt) {
        SandboxJournal j;
        synchronized (lock) {
            j = journal;
        }
        if (j == null) {
            return;
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("notify_type", n.notifyType());
        value.put("syssn", n.syssn());
        value.put("out_trade_no", n.outTradeNo());
        value.put("body", n.body());
        value.put("attempts", attempts);
        value.put("retries_done", retriesDone);
        value.put("due_at", dueAt.toString());
        j.put(NOTIFICATION_KEY + n.syssn(), value);
    }

    /** Removes the notification from the durable record, if any: acknowledged or given up. */
    private void recordDone(Delivery d) {
        SandboxJournal j;
        synchronized (lock) {
            j = journal;
        }
        if (j != null) {
            j.remove(NOTIFICATION_KEY + d.notification.syssn());
        }
    }

    private static Due due(JsonNode v) {
        try {
            Notification n = new Notification(v.get("notify_type").asText(), v.get("syssn").asText(),
                    v.get("out_trade_no").asText(), v.get("body").asText());
            return new Due(n, v.path("attempts").asInt(), v.path("retries_done").asInt(),
                    Instant.parse(v.get("due_at").asText()));
        } catch (RuntimeException notANotification) {
            return null;
        }
    }

    private static String abbreviate(String answer) {
        String oneLine = answer.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_LOGGED_ANSWER ? oneLine : oneLine.substring(0, MAX_LOGGED_ANSWER) + "...";
    }

    /** One notification and its deliveries. */
    private final class Delivery {
        final Notification notification;
        final byte[] body;
        final String signature;
        final long generation;
        final AtomicInteger attempts;
        volatile boolean acknowledged;

        Delivery(Notification notification, long generation, int attemptsSoFar) {
            this.notification = notification;
            this.attempts = new AtomicInteger(attemptsSoFar);
            this.body = notification.body().getBytes(StandardCharsets.UTF_8);
            this.signature = NotificationBody.sign(body, clientKey);
            this.generation = generation;
        }
    }
}
