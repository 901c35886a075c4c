package dev.camelpayme.bench.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.camelpayme.component.PaymeSigner;
import dev.camelpayme.component.PaymeValidationException;
import dev.camelpayme.component.SignType;

/**
 * A fast local QFPay: {@code /trade/v1/payment} creates every order (respcd 0000, syssn, pay_url, as QFPay answers a
 * PayMe online order) and {@code /trade/v1/query} shows every syssn asked for as unpaid (1143), except those the
 * benchmark marked paid ({@link #pay}). It checks the app code and the MD5 signature of every request, as QFPay does,
 * keeps no other state, so its cost stays flat, and sends no notification. On request it logs every call it receives.
 */
final class QfpayStandIn implements AutoCloseable {

    static final String PAYMENT = "/trade/v1/payment";
    static final String QUERY = "/trade/v1/query";

    private static final ZoneId HONG_KONG = ZoneId.of("Asia/Hong_Kong");
    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter SYSSN_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService workers;
    private final String appCode;
    private final PaymeSigner signer;
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder payments = new LongAdder();
    private final LongAdder queries = new LongAdder();
    private final LongAdder refused = new LongAdder();
    /** out_trade_no by syssn of the orders paid by now. */
    private final Map<String, String> paid = new ConcurrentHashMap<>();
    private volatile CallLog callLog;

    private QfpayStandIn(HttpServer server, ExecutorService workers, String appCode, String clientKey) {
        this.server = server;
        this.workers = workers;
        this.appCode = appCode;
        this.signer = new PaymeSigner(clientKey, SignType.MD5);
    }

    /** Starts it on a free loopback port, answering with a pool of {@code threads} workers. */
    static QfpayStandIn start(String appCode, String clientKey, int threads) throws IOException {
        // read once by the JDK server's configuration class: must be set before the first server is made
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "qfpay-stand-in");
            t.setDaemon(true);
            return t;
        });
        QfpayStandIn standIn = new QfpayStandIn(server, workers, appCode, clientKey);
        server.createContext("/trade/v1/", standIn::handle);
        server.setExecutor(workers);
        server.start();
        return standIn;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long payments() {
        return payments.sum();
    }

    long queries() {
        return queries.sum();
    }

    /** From now on every call received is logged, in the log returned, until {@link #stopLogging}. */
    CallLog logCalls() {
        CallLog log = new CallLog();
        callLog = log;
        return log;
    }

    void stopLogging() {
        callLog = null;
    }

    /**
     * From now on queries show this order paid (record respcd 0000), as QFPay does once the shopper paid; no
     * notification is sent. Returns the moment ({@link System#nanoTime()}) it became paid.
     */
    long pay(String syssn, String outTradeNo) {
        paid.put(syssn, outTradeNo);
        return System.nanoTime();
    }

    /** Requests answered 1108: unknown app code, or no or a wrong signature. */
    long refused() {
        return refused.sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long arrived = System.nanoTime();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !(PAYMENT.equals(path) || QUERY.equals(path))) {
                send(exchange, 404, Map.of("error", "not found"));
                return;
            }
            Map<String, String> form = decode(new String(body, StandardCharsets.UTF_8));
            CallLog log = callLog;
            if (log != null) {
                String syssns = form.get("syssn");
                log.add(new CallLog.Call(arrived, QUERY.equals(path),
                        syssns == null || syssns.isEmpty() ? 0 : syssns.split(",").length));
            }
            if (!signedByTheMerchant(exchange, form)) {
                refused.increment();
                send(exchange, 200, Map.of("respcd", "1108", "resperr", "Signature error", "respmsg", ""));
            } else if (PAYMENT.equals(path)) {
                payments.increment();
                send(exchange, 200, created(form));
            } else {
                queries.increment();
                send(exchange, 200, records(form));
            }
        } catch (RuntimeException e) {
            send(exchange, 500, Map.of("error", String.valueOf(e)));
        }
    }

    private boolean signedByTheMerchant(HttpExchange exchange, Map<String, String> form) {
        String sign = exchange.getRequestHeaders().getFirst("X-QF-SIGN");
        if (!appCode.equals(exchange.getRequestHeaders().getFirst("X-QF-APPCODE")) || sign == null) {
            return false;
        }
        try {
            return signer.sign(form).equalsIgnoreCase(sign.trim());
        } catch (PaymeValidationException unsignable) {
            return false;
        }
    }

    /** The answer QFPay gives to a PayMe online order it created. */
    private Map<String, Object> created(Map<String, String> form) {
        LocalDateTime now = LocalDateTime.now(HONG_KONG);
        String syssn = SYSSN_DAY.format(now) + String.format("%018d", sequence.incrementAndGet());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("respcd", "0000");
        answer.put("resperr", "Request successful");
        answer.put("respmsg", "");
        answer.put("syssn", syssn);
        answer.put("pay_url", baseUrl() + "/pay/" + syssn);
        answer.put("out_trade_no", form.get("out_trade_no"));
        answer.put("pay_type", form.get("pay_type"));
        answer.put("txamt", form.get("txamt"));
        answer.put("txcurrcd", form.get("txcurrcd"));
        answer.put("txdtm", form.get("txdtm"));
        answer.put("sysdtm", DTM.format(now));
        answer.put("paydtm", DTM.format(now));
        answer.put("udid", form.getOrDefault("udid", "qiantai2"));
        answer.put("chnlsn", "");
        answer.put("cardcd", "");
        return answer;
    }

    /**
     * Every syssn asked for, as an unpaid record (1143: the shopper has not paid yet, reference section 4.4) or, once
     * {@link #pay paid}, a paid one (0000); an order asked for by out_trade_no alone is not found.
     */
    private Map<String, Object> records(Map<String, String> form) {
        List<Map<String, String>> records = new ArrayList<>();
        String syssns = form.get("syssn");
        if (syssns != null) {
            for (String syssn : syssns.split(",")) {
                String paidOrder = paid.get(syssn);
                Map<String, String> record = new LinkedHashMap<>();
                record.put("syssn", syssn);
                if (paidOrder != null) {
                    record.put("out_trade_no", paidOrder);
                }
                record.put("order_type", "payment");
                record.put("pay_type", "805814");
                record.put("respcd", paidOrder != null ? "0000" : "1143");
                record.put("errmsg", paidOrder != null ? "success" : "The transaction has not been paid yet");
                record.put("cancel", "0");
                records.add(record);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("respcd", "0000");
        answer.put("resperr", "");
        answer.put("respmsg", "");
        answer.put("data", records);
        answer.put("page", form.getOrDefault("page", "1"));
        answer.put("page_size", form.getOrDefault("page_size", "10"));
        return answer;
    }

    private static Map<String, String> decode(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, Map<String, ?> answer) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }
}
