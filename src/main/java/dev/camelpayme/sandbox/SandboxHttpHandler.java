package dev.camelpayme.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.camelpayme.pages.Html;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes HTTP requests to the engine: the three QFPay endpoints (authenticated and signature-checked here) and the
 * sandbox's own pages. Delayed answers are written from a scheduler so that they do not hold a worker thread.
 */
final class SandboxHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QfpaySandbox.class);

    static final String PAYMENT = "/trade/v1/payment";
    static final String QUERY = "/trade/v1/query";
    static final String REFUND = "/trade/v1/refund";
    static final String PAY_PAGE = "/sandbox/pay/";
    static final String ORDERS = "/sandbox/orders";

    private static final List<String> RECORDED_HEADERS = List.of("X-QF-APPCODE", "X-QF-SIGN", "X-QF-SIGNTYPE",
            "Content-Type");
    private static final int MAX_BODY = 64 * 1024;

    private final SandboxEngine engine;
    private final String appCode;
    private final String clientKey;
    private final String mchid;
    private final PayPage.Merchant merchant;
    private final ScheduledExecutorService scheduler;

    SandboxHttpHandler(SandboxEngine engine, String appCode, String clientKey, String mchid,
            ScheduledExecutorService scheduler) {
        this.engine = engine;
        this.appCode = appCode;
        this.clientKey = clientKey;
        this.mchid = mchid;
        this.merchant = new PayPage.Merchant(appCode, mchid);
        this.scheduler = scheduler;
    }

    @Override
    public void handle(HttpExchange ex) {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        try {
            switch (path) {
                case PAYMENT:
                case QUERY:
                case REFUND:
                    trade(ex, method, path);
                    return;
                case ORDERS:
                    if (!"GET".equals(method)) {
                        methodNotAllowed(ex, method, path, "GET");
                    } else {
                        answer(ex, method, path, Map.of(), Answer.json(200, engine.ordersForJson()));
                    }
                    return;
                default:
                    if (path.startsWith(PAY_PAGE) && path.length() > PAY_PAGE.length()
                            && path.indexOf('/', PAY_PAGE.length()) < 0) {
                        payPage(ex, method, path, path.substring(PAY_PAGE.length()));
                    } else {
                        Map<String, String> body = new LinkedHashMap<>();
                        body.put("error", "not found");
                        body.put("path", path);
                        answer(ex, method, path, Map.of(), Answer.json(404, body));
                    }
            }
        } catch (RuntimeException | IOException e) {
            LOG.error("QFPay sandbox failed on {} {}", method, path, e);
            try {
                write(ex, Answer.html(500, "<html><body>sandbox internal error</body></html>"));
            } catch (RuntimeException ignored) {
                ex.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ QFPay API

    private void trade(HttpExchange ex, String method, String path) throws IOException {
        if (!"POST".equals(method)) {
            methodNotAllowed(ex, method, path, "POST");
            return;
        }
        Headers headers = ex.getRequestHeaders();
        Map<String, String> form = Map.of();
        Answer answer;
        try {
            String contentType = headers.getFirst("Content-Type");
            if (!isForm(contentType)) {
                throw new Rejection(RespCodes.MALFORMED, "Malformed request: Content-Type must be "
                        + "application/x-www-form-urlencoded (UTF-8)");
            }
            byte[] raw = readBody(ex.getRequestBody());
            try {
                form = FormDecoder.decode(new String(raw, StandardCharsets.UTF_8));
            } catch (FormDecoder.MalformedFormException e) {
                throw new Rejection(RespCodes.MALFORMED, "Malformed request: " + e.getMessage());
            }
            authenticate(path, headers, form);
            switch (path) {
                case PAYMENT:
                    answer = engine.payment(form);
                    break;
                case QUERY:
                    answer = engine.query(form);
                    break;
                default:
                    answer = engine.refund(form);
            }
        } catch (Rejection r) {
            answer = Answer.refusal(r);
            if (!RespCodes.SIGNATURE.equals(r.respcd())) {
                LOG.info("QFPay sandbox refused {}: {} {}", path, r.respcd(), r.resperr());
            }
        }
        answer(ex, method, path, redact(form), answer);
    }

    /** Authentication as QFPay does it: app code, then signature over the decoded fields, then mchid. */
    private void authenticate(String path, Headers headers, Map<String, String> form) {
        String givenAppCode = headers.getFirst("X-QF-APPCODE");
        if (givenAppCode == null || givenAppCode.isBlank()) {
            throw refuseAuth(path, "Signature error: X-QF-APPCODE header is missing");
        }
        if (!givenAppCode.equals(appCode)) {
            throw refuseAuth(path, "Signature error: X-QF-APPCODE is not a known app code");
        }
        for (Map.Entry<String, String> field : form.entrySet()) {
            if (isSecret(field.getKey(), field.getValue())) {
                LOG.warn("QFPay sandbox: a request to {} carried the client key in form field '{}' (value not shown); "
                        + "a client must never send its key. Refused with 1108.", path, field.getKey());
                throw Rejection.signature("Signature error: the client key must never be sent in the request");
            }
        }
        for (Map.Entry<String, String> field : form.entrySet()) {
            if (field.getValue().isEmpty()) {
                throw Rejection.badParameter(field.getKey() + " is empty (leave empty fields out of the request)");
            }
        }
        String signType = headers.getFirst("X-QF-SIGNTYPE");
        SignatureCheck.Algorithm algorithm = SignatureCheck.Algorithm.fromHeader(signType);
        if (algorithm == null) {
            throw refuseAuth(path, "Signature error: unsupported X-QF-SIGNTYPE (use SHA256, or omit it for MD5)");
        }
        String sign = headers.getFirst("X-QF-SIGN");
        if (sign == null || sign.isBlank()) {
            throw refuseAuth(path, "Signature error: X-QF-SIGN header is missing");
        }
        if (!SignatureCheck.matches(form, clientKey, algorithm, sign)) {
            LOG.warn("QFPay sandbox: signature mismatch on {} ({}, signed fields {})", path, algorithm,
                    new TreeSet<>(form.keySet()));
            if (LOG.isDebugEnabled()) {
                LOG.debug("QFPay sandbox: expected the signature over '{}' followed by the client key",
                        SignatureCheck.canonical(form));
            }
            throw Rejection.signature("Signature error");
        }
        String givenMchid = form.get("mchid");
        if (mchid == null && givenMchid != null) {
            throw refuseAuth(path, "Signature error: mchid must not be sent (no mchid is assigned to this app code)");
        }
        if (mchid != null && givenMchid == null) {
            throw refuseAuth(path, "Signature error: mchid is missing (this app code requires one)");
        }
        if (mchid != null && !mchid.equals(givenMchid)) {
            throw refuseAuth(path, "Signature error: illegal mchid");
        }
    }

    private static Rejection refuseAuth(String path, String resperr) {
        LOG.warn("QFPay sandbox refused {} with 1108: {}", path, resperr);
        return Rejection.signature(resperr);
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String cs = p.substring("charset=".length()).replace("\"", "").trim();
                if (!cs.equalsIgnoreCase("UTF-8") && !cs.equalsIgnoreCase("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] raw = in.readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            throw new Rejection(RespCodes.MALFORMED, "Malformed request: body larger than " + MAX_BODY + " bytes");
        }
        return raw;
    }

    private Map<String, String> redact(Map<String, String> form) {
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : form.entrySet()) {
            copy.put(e.getKey(), isSecret(e.getKey(), e.getValue()) ? ReceivedRequest.REDACTED : e.getValue());
        }
        return copy;
    }

    /** A form field that carries the client key: named key or client_key (any case), or holding its value. */
    private boolean isSecret(String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("key") || lower.equals("client_key") || clientKey.equals(value);
    }

    // ------------------------------------------------------------------------------------------------ sandbox pages

    /**
     * GET: the page. POST: the shopper pays; a browser's form (it accepts text/html) is sent back to the page, which
     * now says "Paid" (a reload does not post again), a script gets JSON.
     */
    private void payPage(HttpExchange ex, String method, String path, String id) throws IOException {
        if ("GET".equals(method)) {
            Optional<SandboxOrder> order = engine.find(id).filter(SandboxOrder::isPayment);
            ex.getResponseHeaders().set("Content-Security-Policy", PayPage.CONTENT_SECURITY_POLICY);
            Answer page = order.isPresent()
                    ? Answer.html(200, PayPage.render(order.get(), engine.payUrl(order.get().syssn()), merchant,
                            PayPage.QR_DRAWABLE))
                    : Answer.html(404, PayPage.notFound(id));
            answer(ex, method, path, Map.of(), page);
            return;
        }
        if (!"POST".equals(method)) {
            methodNotAllowed(ex, method, path, "GET, POST");
            return;
        }
        SandboxEngine.PayOutcome outcome = engine.pay(id);
        if (outcome.result() == SandboxEngine.PayResult.PAID) {
            LOG.info("QFPay sandbox: order {} ({}) paid", outcome.order().outTradeNo(), outcome.order().syssn());
        }
        answer(ex, method, path, Map.of(), acceptsHtml(ex.getRequestHeaders()) ? backToThePage(ex, id, outcome)
                : payResult(id, outcome));
    }

    /** 303 to the order's page (by syssn), whatever the outcome: the page says what the order's state now is. */
    private static Answer backToThePage(HttpExchange ex, String id, SandboxEngine.PayOutcome outcome) {
        ex.getResponseHeaders().set("Content-Security-Policy", PayPage.CONTENT_SECURITY_POLICY);
        if (outcome.order() == null || !outcome.order().isPayment()) {
            return Answer.html(404, PayPage.notFound(id));
        }
        String page = PAY_PAGE + outcome.order().syssn();
        ex.getResponseHeaders().set("Location", page);
        return Answer.html(303, "<!DOCTYPE html>\n<html lang=\"en\"><body><a href=\"" + Html.escape(page)
                + "\">Back to the payment order</a></body></html>\n");
    }

    /** The answer scripts (curl, tests) rely on: the result, and the order's ids and query respcd. */
    private static Answer payResult(String id, SandboxEngine.PayOutcome outcome) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("result", outcome.result().name());
        if (outcome.order() != null) {
            body.put("syssn", outcome.order().syssn());
            body.put("out_trade_no", outcome.order().outTradeNo());
            body.put("respcd", outcome.order().respcd());
        } else {
            body.put("id", id);
        }
        int status;
        switch (outcome.result()) {
            case PAID:
                status = 200;
                break;
            case NOT_FOUND:
                status = 404;
                break;
            default:
                status = 409;
        }
        return Answer.json(status, body);
    }

    /** A browser's form post asks for text/html; curl sends {@code Accept: *}{@code /*} and gets JSON as before. */
    private static boolean acceptsHtml(Headers headers) {
        List<String> accept = headers.get("Accept");
        if (accept == null) {
            return false;
        }
        for (String value : accept) {
            for (String range : value.split(",")) {
                if (range.split(";")[0].trim().equalsIgnoreCase("text/html")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void methodNotAllowed(HttpExchange ex, String method, String path, String allow) throws IOException {
        ex.getResponseHeaders().set("Allow", allow);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", "method not allowed");
        body.put("allow", allow);
        answer(ex, method, path, Map.of(), Answer.json(405, body));
    }

    // ------------------------------------------------------------------------------------------------ answering

    private void answer(HttpExchange ex, String method, String path, Map<String, String> form, Answer answer)
            throws IOException {
        engine.record(new ReceivedRequest(method, path, selectedHeaders(ex.getRequestHeaders()), form,
                answer.status(), answer.respcd(), engine.instant()));
        LOG.debug("QFPay sandbox: {} {} -> HTTP {}{}{}", method, path, answer.status(),
                answer.respcd() == null ? "" : " respcd " + answer.respcd(),
                answer.delay().isZero() ? "" : " after " + answer.delay());
        if (answer.delay().isZero()) {
            write(ex, answer);
            return;
        }
        try {
            scheduler.schedule(() -> {
                try {
                    write(ex, answer);
                } catch (RuntimeException e) {
                    LOG.debug("QFPay sandbox: delayed answer to {} not delivered", path, e);
                }
            }, answer.delay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            ex.close();
        }
    }

    private static void write(HttpExchange ex, Answer answer) {
        if (answer.status() == Answer.DROPPED) {
            // closing before any response header makes the JDK server drop the connection: the client sees a reset
            ex.close();
            return;
        }
        try (ex) {
            if (answer.contentType() != null) {
                ex.getResponseHeaders().set("Content-Type", answer.contentType());
            }
            byte[] body = answer.body();
            ex.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            LOG.debug("QFPay sandbox: client went away before the answer was written", e);
        }
    }

    /** Every header received (a client must not forward its own inbound headers), QFPay's under canonical names. */
    private static Map<String, String> selectedHeaders(Headers headers) {
        Map<String, String> selected = new LinkedHashMap<>();
        for (String name : RECORDED_HEADERS) {
            String value = headers.getFirst(name);
            if (value != null) {
                selected.put(name, value);
            }
        }
        headers.forEach((name, values) -> {
            boolean canonical = RECORDED_HEADERS.stream().anyMatch(known -> known.equalsIgnoreCase(name));
            if (!canonical && !values.isEmpty()) {
                selected.put(name, values.get(0));
            }
        });
        return selected;
    }
}
