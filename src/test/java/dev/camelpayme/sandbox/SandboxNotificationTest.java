package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.fields;
import static dev.camelpayme.sandbox.QfpayTestClient.md5Hex;
import static dev.camelpayme.sandbox.QfpayTestClient.payment;
import static dev.camelpayme.sandbox.QfpayTestClient.refundOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelpayme.sandbox.NotifyReceiver.Received;
import dev.camelpayme.sandbox.NotifyReceiver.Response;
import dev.camelpayme.sandbox.QfpayTestClient.Reply;
import dev.camelpayme.testing.FreePorts;
import dev.camelpayme.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous notifications (reference §6) over real HTTP to a receiver in the test: signature over the raw bytes,
 * Python-style body, fields, refunds, retries, giving up, replays, and the off switch.
 */
class SandboxNotificationTest {

    static final String KEY = "NOTIFY-TEST-KEY-0123456789ABCDEF";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(10);
    static final List<Duration> FAST = Collections.nCopies(7, Duration.ofMillis(20));
    static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The members of vector N1, in its order; a refund adds {@code origssn} after {@code syssn}. */
    static final List<String> N1_ORDER = List.of("status", "pay_type", "sysdtm", "paydtm", "goods_name", "txcurrcd",
            "txdtm", "txamt", "exchange_rate", "chnlsn2", "out_trade_no", "syssn", "cash_fee_type", "cancel", "respcd",
            "goods_info", "cash_fee", "notify_type", "chnlsn", "cardcd");

    final List<AutoCloseable> toClose = new ArrayList<>();
    NotifyReceiver receiver;
    QfpaySandbox sandbox;
    QfpayTestClient client;

    @BeforeEach
    void startReceiver() {
        receiver = closeLater(NotifyReceiver.start());
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    QfpaySandbox start(QfpaySandbox.Builder builder) {
        sandbox = closeLater(builder.clientKey(KEY).build().start());
        client = new QfpayTestClient(sandbox.baseUrl(), SandboxCredentials.APP_CODE, KEY);
        return sandbox;
    }

    QfpaySandbox start() {
        return start(QfpaySandbox.builder().notifyUrl(receiver.url()).notifyRetryDelays(FAST));
    }

    String created(String outTradeNo, long txamt) {
        Reply r = client.payment(payment(outTradeNo, txamt));
        assertEquals("0000", r.respcd(), r.body());
        return r.get("syssn");
    }

    String paid(String outTradeNo, long txamt) {
        String syssn = created(outTradeNo, txamt);
        sandbox.markPaid(syssn);
        return syssn;
    }

    Received awaitReceived(int n) {
        await().atMost(WAIT).until(() -> receiver.count() >= n);
        return receiver.received().get(n - 1);
    }

    List<SentNotification> awaitAttempts(String syssn, int n) {
        await().atMost(WAIT).until(() -> sandbox.notifications(syssn).size() >= n);
        return sandbox.notifications(syssn);
    }

    void assertNothingMoreArrives(int receivedSoFar, Duration during) {
        await().during(during).atMost(during.plusSeconds(5)).until(() -> receiver.count() == receivedSoFar);
    }

    /** The signature a correct receiver computes: MD5 over the raw bytes, then the key's UTF-8 bytes. */
    static String expectedSignature(byte[] raw) throws Exception {
        return md5Hex(raw, KEY.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ------------------------------------------------------------------------------------------------ payments

    @Test
    void aPaymentMarkedPaidIsNotifiedSignedOverTheRawBytes() throws Exception {
        start();
        Map<String, String> f = payment("NT-1", 300);
        f.put("goods_name", "Test1");
        Reply create = client.payment(f);
        String syssn = create.get("syssn");

        SandboxOrder order = sandbox.markPaid(syssn);
        assertEquals(SandboxOrder.Status.PAID, order.status());

        Received r = awaitReceived(1);
        assertEquals("POST", r.method());
        assertEquals(NotifyReceiver.PATH, r.path());
        assertEquals("application/json", r.header("Content-Type"));
        String sign = r.header("X-QF-SIGN");
        assertEquals(expectedSignature(r.body()), sign);
        assertTrue(sign.matches("[0-9A-F]{32}"), sign);

        // a receiver that parses and re-serialises before hashing computes another digest
        byte[] compact = JSON.writeValueAsBytes(JSON.readTree(r.body()));
        assertNotEquals(new String(r.body(), StandardCharsets.UTF_8), new String(compact, StandardCharsets.UTF_8));
        assertNotEquals(sign, expectedSignature(compact));
        // and so does one that hashes with another key
        assertNotEquals(sign, md5Hex(r.body(), SandboxCredentials.CLIENT_KEY.getBytes(StandardCharsets.UTF_8)));

        String text = r.text();
        assertTrue(text.startsWith("{\"status\": \"1\", \"pay_type\": \"805814\", "), text);
        assertFalse(text.contains("\",\"") || text.contains("\":\""), text);
        assertFalse(text.contains("\n") || text.contains("\r"), text);
        assertEquals(N1_ORDER.size() - 1, text.split("\", \"").length - 1, text);

        JsonNode n = JSON.readTree(r.body());
        SandboxPaymentTest.assertAllValuesAreStrings(n);
        assertEquals(N1_ORDER, names(n));
        assertEquals("payment", n.get("notify_type").asText());
        assertEquals("1", n.get("status").asText());
        assertEquals("0000", n.get("respcd").asText());
        assertEquals(syssn, n.get("syssn").asText());
        assertEquals("NT-1", n.get("out_trade_no").asText());
        assertEquals("805814", n.get("pay_type").asText());
        assertEquals("300", n.get("txamt").asText());
        assertEquals("HKD", n.get("txcurrcd").asText());
        assertEquals(f.get("txdtm"), n.get("txdtm").asText());
        assertEquals(create.get("sysdtm"), n.get("sysdtm").asText());
        assertEquals(DTM.format(order.paidAt().atZone(ZoneId.of("Asia/Hong_Kong"))), n.get("paydtm").asText());
        assertEquals("0", n.get("cancel").asText());
        assertEquals("Test1", n.get("goods_name").asText());
        assertEquals("300", n.get("cash_fee").asText());
        assertEquals("HKD", n.get("cash_fee_type").asText());
        for (String empty : List.of("exchange_rate", "chnlsn", "chnlsn2", "cardcd", "goods_info")) {
            assertEquals("", n.get(empty).asText(), empty);
        }

        List<SentNotification> sent = awaitAttempts(syssn, 1);
        assertEquals(1, sent.size());
        SentNotification s = sent.get(0);
        assertEquals("payment", s.notifyType());
        assertTrue(s.isPayment());
        assertEquals(syssn, s.syssn());
        assertEquals("NT-1", s.outTradeNo());
        assertEquals(text, s.body());
        assertEquals(sign, s.signature());
        assertEquals(1, s.attempt());
        assertEquals(200, s.httpStatus());
        assertTrue(s.acknowledged());

        // paying a paid order again changes nothing, and notifies nothing
        assertEquals(SandboxOrder.Status.PAID, sandbox.markPaid("NT-1").status());
        assertNothingMoreArrives(1, Duration.ofMillis(300));
        assertEquals(1, sandbox.notifications().size());
    }

    @Test
    void nonAsciiGoodsNamesAreEscapedAsPythonDoes() throws Exception {
        start();
        Map<String, String> f = payment("NT-2", 1500);
        f.put("goods_name", "測試商品");
        sandbox.markPaid(client.payment(f).get("syssn"));

        Received r = awaitReceived(1);
        assertTrue(r.text().contains("\"goods_name\": \"\\u6e2c\\u8a66\\u5546\\u54c1\""), r.text());
        for (byte b : r.body()) {
            assertTrue(b > 0, "the body is ASCII only");
        }
        assertEquals("測試商品", JSON.readTree(r.body()).get("goods_name").asText());
        assertEquals(expectedSignature(r.body()), r.header("X-QF-SIGN"));
    }

    @Test
    void thePayPageNotifiesAndKeepsItsAnswer() throws Exception {
        start();
        String syssn = created("NT-3", 300);
        Reply paid = client.postEmpty("/sandbox/pay/" + syssn);
        assertEquals(200, paid.status());
        assertEquals("PAID", paid.get("result"));
        assertEquals(syssn, paid.get("syssn"));
        assertEquals("0000", paid.get("respcd"));

        Received r = awaitReceived(1);
        assertEquals(syssn, JSON.readTree(r.body()).get("syssn").asText());
        assertEquals(expectedSignature(r.body()), r.header("X-QF-SIGN"));
    }

    @Test
    void aPendingThenPaidTriggerNotifiesWhenTheQueryPaysIt() throws Exception {
        start(QfpaySandbox.builder().notifyUrl(receiver.url()).notifyRetryDelays(FAST).pendingQueriesBeforePaid(2));
        String syssn = client.payment(payment("NT-4", 91143)).get("syssn");
        for (int i = 0; i < 2; i++) {
            assertEquals("1143", client.query(fields("syssn", syssn)).data().get(0).get("respcd").asText());
        }
        assertNothingMoreArrives(0, Duration.ofMillis(200));

        assertEquals("0000", client.query(fields("syssn", syssn)).data().get(0).get("respcd").asText());
        JsonNode n = JSON.readTree(awaitReceived(1).body());
        assertEquals(syssn, n.get("syssn").asText());
        assertEquals("91143", n.get("txamt").asText());
        assertFalse(n.get("paydtm").asText().isEmpty());
    }

    @Test
    void unpaidExpiredAndRefusedTransactionsAreNotNotified() {
        start(QfpaySandbox.builder().notifyUrl(receiver.url()).notifyRetryDelays(FAST).pendingQueriesBeforePaid(0));
        created("NT-5", 300);
        String expiring = created("NT-6", 90002);
        client.query(fields("syssn", expiring));
        assertEquals(SandboxOrder.Status.EXPIRED, sandbox.order(expiring).orElseThrow().status());
        assertEquals("1204", client.payment(payment("NT-7", 91204)).respcd());
        String syssn = paid("NT-8", 300);
        awaitReceived(1);
        assertEquals("1272", client.refund(refundOf(syssn, "NT-8-R1", 301)).respcd());
        assertEquals("1297", client.refund(refundOf(syssn, "NT-8-R2", 91297)).respcd());
        assertNothingMoreArrives(1, Duration.ofMillis(300));
        assertEquals(List.of("NT-8"), sandbox.notifications().stream().map(SentNotification::outTradeNo)
                .collect(Collectors.toList()));
    }

    @Test
    void notifyingNeverHoldsUpTheRequestThatCausedIt() {
        start(QfpaySandbox.builder().notifyUrl(receiver.url()).notifyRetryDelays(FAST)
                .notifyRequestTimeout(Duration.ofSeconds(5)));
        receiver.answering(n -> Response.success().after(Duration.ofSeconds(2)));
        String first = created("NT-9", 300);
        String second = created("NT-10", 300);

        Instant before = Instant.now();
        sandbox.markPaid(first);
        assertEquals(200, client.postEmpty("/sandbox/pay/" + second).status());
        Duration took = Duration.between(before, Instant.now());
        assertTrue(took.compareTo(Duration.ofMillis(1500)) < 0, "paying took " + took);

        await().atMost(WAIT).until(() -> sandbox.notifications().size() == 2);
        assertTrue(sandbox.notifications().stream().allMatch(SentNotification::acknowledged));
    }

    // ------------------------------------------------------------------------------------------------ refunds

    @Test
    void aRefundIsNotifiedWithItsOwnIdsAndTheOrigssn() throws Exception {
        start();
        String payment = paid("NT-11", 1000);
        awaitReceived(1);
        Reply refund = client.refund(refundOf(payment, "NT-11-R1", 400));
        assertEquals("0000", refund.respcd(), refund.body());
        String refundSyssn = refund.get("syssn");

        Received r = awaitReceived(2);
        assertEquals(expectedSignature(r.body()), r.header("X-QF-SIGN"));
        JsonNode n = JSON.readTree(r.body());
        SandboxPaymentTest.assertAllValuesAreStrings(n);
        List<String> order = new ArrayList<>(N1_ORDER);
        order.add(order.indexOf("syssn") + 1, "origssn");
        assertEquals(order, names(n));
        assertEquals("refund", n.get("notify_type").asText());
        assertEquals("1", n.get("status").asText());
        assertEquals("0000", n.get("respcd").asText());
        assertEquals(refundSyssn, n.get("syssn").asText());
        assertEquals("NT-11-R1", n.get("out_trade_no").asText());
        assertEquals(payment, n.get("origssn").asText());
        assertEquals("400", n.get("txamt").asText());
        assertEquals("400", n.get("cash_fee").asText());
        assertEquals("HKD", n.get("txcurrcd").asText());
        assertEquals("805814", n.get("pay_type").asText());
        assertEquals(refund.get("sysdtm"), n.get("sysdtm").asText());
        assertEquals(refund.get("txdtm"), n.get("txdtm").asText());
        assertFalse(n.get("paydtm").asText().isEmpty());

        SentNotification s = awaitAttempts(refundSyssn, 1).get(0);
        assertTrue(s.isRefund());
        assertEquals("NT-11-R1", s.outTradeNo());
        assertTrue(s.acknowledged());
    }

    @Test
    void aPendingRefundIsNotifiedAfterItsTransition() throws Exception {
        start(QfpaySandbox.builder().notifyUrl(receiver.url()).notifyRetryDelays(FAST).pendingQueriesBeforePaid(1));
        String payment = paid("NT-12", 100000);
        awaitReceived(1);
        Reply refund = client.refund(refundOf(payment, "NT-12-R1", 91143));
        assertEquals("1143", refund.respcd(), refund.body());
        String refundSyssn = refund.get("syssn");
        client.query(fields("syssn", refundSyssn));
        assertNothingMoreArrives(1, Duration.ofMillis(200));

        assertEquals("0000", client.query(fields("syssn", refundSyssn)).data().get(0).get("respcd").asText());
        JsonNode n = JSON.readTree(awaitReceived(2).body());
        assertEquals("refund", n.get("notify_type").asText());
        assertEquals(refundSyssn, n.get("syssn").asText());
        assertEquals(payment, n.get("origssn").asText());
        assertEquals("91143", n.get("txamt").asText());
    }

    // ------------------------------------------------------------------------------------------------ retries

    @Test
    void retriesUntilTheReceiverAnswersSuccess() throws Exception {
        start();
        receiver.answering(n -> {
            switch (n) {
                case 1:
                    return Response.of(500, "SUCCESS");
                case 2:
                    return Response.of(200, "FAIL");
                case 3:
                    return Response.dropped();
                case 4:
                    return Response.of(200, "success");
                default:
                    return Response.of(200, " SUCCESS\n");
            }
        });
        String syssn = paid("NT-13", 300);

        List<SentNotification> sent = awaitAttempts(syssn, 5);
        assertEquals(List.of(500, 200, SentNotification.IO_ERROR, 200, 200),
                sent.stream().map(SentNotification::httpStatus).collect(Collectors.toList()));
        assertEquals(List.of(false, false, false, false, true),
                sent.stream().map(SentNotification::acknowledged).collect(Collectors.toList()));
        assertEquals(List.of(1, 2, 3, 4, 5), sent.stream().map(SentNotification::attempt).collect(Collectors.toList()));
        assertEquals(1, sent.stream().map(SentNotification::body).distinct().count());
        assertEquals(1, sent.stream().map(SentNotification::signature).distinct().count());

        assertNothingMoreArrives(5, Duration.ofMillis(300));
        List<Received> received = receiver.received();
        for (Received r : received) {
            assertEquals(sent.get(0).body(), r.text());
            assertEquals(sent.get(0).signature(), r.header("X-QF-SIGN"));
            assertEquals(expectedSignature(r.body()), r.header("X-QF-SIGN"));
        }
        assertEquals(5, sandbox.notifications(syssn).size());
    }

    @Test
    void retriesWhileTheReceiverIsDown() throws Exception {
        int port = FreePorts.next();
        start(QfpaySandbox.builder().notifyUrl("http://localhost:" + port + NotifyReceiver.PATH)
                .notifyRetryDelays(Collections.nCopies(7, Duration.ofMillis(150))));
        String syssn = paid("NT-14", 300);

        SentNotification refused = awaitAttempts(syssn, 1).get(0);
        assertEquals(SentNotification.IO_ERROR, refused.httpStatus());
        assertFalse(refused.acknowledged());

        NotifyReceiver late = closeLater(NotifyReceiver.start(port));
        await().atMost(WAIT).until(() -> sandbox.notifications(syssn).stream().anyMatch(SentNotification::acknowledged));
        List<SentNotification> sent = sandbox.notifications(syssn);
        SentNotification last = sent.get(sent.size() - 1);
        assertTrue(last.acknowledged());
        assertEquals(200, last.httpStatus());
        assertTrue(sent.subList(0, sent.size() - 1).stream().allMatch(s -> s.httpStatus() == SentNotification.IO_ERROR));
        assertEquals(1, late.count());
        assertEquals(expectedSignature(late.received().get(0).body()), late.received().get(0).header("X-QF-SIGN"));
    }

    @Test
    void aReceiverTooSlowToAnswerCountsAsAFailure() {
        start(QfpaySandbox.builder().notifyUrl(receiver.url()).notifyRetryDelays(FAST)
                .notifyRequestTimeout(Duration.ofMillis(300)));
        receiver.answering(n -> n == 1 ? Response.success().after(Duration.ofSeconds(2)) : Response.success());
        String syssn = paid("NT-15", 300);

        await().atMost(WAIT).until(() -> sandbox.notifications(syssn).stream().anyMatch(SentNotification::acknowledged));
        List<SentNotification> sent = sandbox.notifications(syssn);
        assertEquals(2, sent.size());
        assertEquals(SentNotification.IO_ERROR, sent.get(0).httpStatus());
        assertFalse(sent.get(0).acknowledged());
        assertTrue(sent.get(1).acknowledged());
    }

    @Test
    void givesUpAfterTheLastDelay() {
        start(QfpaySandbox.builder().notifyUrl(receiver.url())
                .notifyRetryDelays(List.of(Duration.ofMillis(10), Duration.ofMillis(30), Duration.ofMillis(10))));
        receiver.answering(n -> Response.of(503, "busy"));
        String syssn = paid("NT-16", 300);

        awaitAttempts(syssn, 4);
        assertNothingMoreArrives(4, Duration.ofMillis(400));
        List<SentNotification> sent = sandbox.notifications(syssn);
        assertEquals(List.of(1, 2, 3, 4), sent.stream().map(SentNotification::attempt).collect(Collectors.toList()));
        assertTrue(sent.stream().allMatch(s -> s.httpStatus() == 503 && !s.acknowledged()));
    }

    @Test
    void withoutRetryDelaysThereIsOneAttempt() {
        start(QfpaySandbox.builder().notifyUrl(receiver.url()).notifyRetryDelays(List.of()));
        receiver.answering(n -> Response.of(500, ""));
        String syssn = paid("NT-17", 300);
        awaitAttempts(syssn, 1);
        assertNothingMoreArrives(1, Duration.ofMillis(300));
    }

    @Test
    void stopAbandonsPendingRetries() {
        start(QfpaySandbox.builder().notifyUrl(receiver.url())
                .notifyRetryDelays(Collections.nCopies(7, Duration.ofMillis(200))));
        receiver.answering(n -> Response.of(500, ""));
        String syssn = paid("NT-18", 300);
        awaitAttempts(syssn, 1);
        sandbox.stop();
        assertNothingMoreArrives(1, Duration.ofMillis(600));
        assertEquals(1, sandbox.notifications().size());
        assertThrows(IllegalStateException.class, () -> sandbox.sendNotificationAgain(syssn));
    }

    @Test
    void resetForgetsNotificationsAndAbandonsRetries() {
        // retries two seconds apart: the reset surely comes before the first one, even on a busy machine
        start(QfpaySandbox.builder().notifyUrl(receiver.url())
                .notifyRetryDelays(Collections.nCopies(7, Duration.ofSeconds(2))));
        receiver.answering(n -> Response.of(500, ""));
        String syssn = paid("NT-19", 300);
        awaitAttempts(syssn, 1);
        // the first attempt has reached the receiver: what arrives after the reset would be a retry
        awaitReceived(1);
        sandbox.reset();
        assertTrue(sandbox.notifications().isEmpty());
        assertNothingMoreArrives(1, Duration.ofMillis(2500));
        assertThrows(NoSuchElementException.class, () -> sandbox.sendNotificationAgain(syssn));
    }

    // ------------------------------------------------------------------------------------------------ replays

    @Test
    void sendNotificationAgainReplaysTheSameBytes() throws Exception {
        start();
        String syssn = paid("NT-20", 300);
        awaitAttempts(syssn, 1);

        SentNotification again = sandbox.sendNotificationAgain(syssn);
        assertEquals(2, again.attempt());
        assertEquals(200, again.httpStatus());
        assertTrue(again.acknowledged());
        SentNotification byOutTradeNo = sandbox.sendNotificationAgain("NT-20");
        assertEquals(3, byOutTradeNo.attempt());

        List<Received> received = receiver.received();
        assertEquals(3, received.size());
        for (Received r : received) {
            assertEquals(received.get(0).text(), r.text());
            assertEquals(received.get(0).header("X-QF-SIGN"), r.header("X-QF-SIGN"));
            assertEquals(expectedSignature(r.body()), r.header("X-QF-SIGN"));
        }
        assertEquals(3, sandbox.notifications(syssn).size());
        assertThrows(NoSuchElementException.class, () -> sandbox.sendNotificationAgain("NO-SUCH-ORDER"));
    }

    @Test
    void aFailedReplayIsRecordedAndSchedulesNothing() {
        start(QfpaySandbox.builder().notifyUrl(receiver.url()).notifyRetryDelays(List.of()));
        receiver.answering(n -> n == 1 ? Response.success() : Response.of(500, "no"));
        String syssn = paid("NT-21", 300);
        awaitAttempts(syssn, 1);

        SentNotification again = sandbox.sendNotificationAgain(syssn);
        assertEquals(500, again.httpStatus());
        assertFalse(again.acknowledged());
        assertNothingMoreArrives(2, Duration.ofMillis(300));
    }

    @Test
    void anAcknowledgedReplayEndsThePendingRetries() {
        start(QfpaySandbox.builder().notifyUrl(receiver.url()).notifyRetryDelays(List.of(Duration.ofSeconds(1))));
        receiver.answering(n -> n == 1 ? Response.of(500, "") : Response.success());
        String syssn = paid("NT-22", 300);
        awaitAttempts(syssn, 1);

        assertTrue(sandbox.sendNotificationAgain(syssn).acknowledged());
        assertNothingMoreArrives(2, Duration.ofMillis(1500));
    }

    // ------------------------------------------------------------------------------------------------ off, key

    @Test
    void withoutANotifyUrlNothingIsSent() {
        start(QfpaySandbox.builder());
        assertTrue(sandbox.notifyUrl().isEmpty());
        String syssn = paid("NT-23", 300);
        assertEquals("0000", client.refund(refundOf(syssn, "NT-23-R1", 100)).respcd());
        assertNothingMoreArrives(0, Duration.ofMillis(300));
        assertTrue(sandbox.notifications().isEmpty());
        assertThrows(IllegalStateException.class, () -> sandbox.sendNotificationAgain(syssn));
    }

    @Test
    void theKeyNeverAppearsInBodiesHeadersOrLogs() {
        List<String> logged = captureSandboxLogs();
        start();
        receiver.answering(n -> n == 1 ? Response.of(500, "") : n == 2 ? Response.dropped() : Response.success());
        String syssn = paid("NT-24", 1000);
        await().atMost(WAIT).until(() -> sandbox.notifications(syssn).stream().anyMatch(SentNotification::acknowledged));
        assertEquals("0000", client.refund(refundOf(syssn, "NT-24-R1", 1000)).respcd());
        awaitReceived(4);
        sandbox.sendNotificationAgain(syssn);
        sandbox.stop();

        assertFalse(logged.isEmpty());
        assertTrue(logged.stream().anyMatch(l -> l.contains("notification")), String.join("\n", logged));
        for (String line : logged) {
            assertFalse(line.contains(KEY), line);
        }
        for (Received r : receiver.received()) {
            assertFalse(r.text().contains(KEY));
            assertFalse(r.headers().values().stream().anyMatch(v -> v.contains(KEY)));
        }
        for (SentNotification s : sandbox.notifications()) {
            assertFalse(s.toString().contains(KEY));
        }
    }

    // ------------------------------------------------------------------------------------------------ builder

    @Test
    void builderDefaultsAndChecks() {
        QfpaySandbox plain = QfpaySandbox.builder().build();
        assertTrue(plain.notifyUrl().isEmpty());
        assertEquals(List.of(Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(10),
                Duration.ofMinutes(60), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(15)),
                plain.notifyRetryDelays());
        assertEquals("http://localhost:1/n",
                QfpaySandbox.builder().notifyUrl("http://localhost:1/n").build().notifyUrl().orElseThrow());
        assertTrue(QfpaySandbox.builder().notifyUrl("http://x/n").notifyUrl(null).build().notifyUrl().isEmpty());

        QfpaySandbox.Builder b = QfpaySandbox.builder();
        assertThrows(IllegalArgumentException.class, () -> b.notifyUrl("ftp://localhost/n"));
        assertThrows(IllegalArgumentException.class, () -> b.notifyUrl("/relative"));
        assertThrows(IllegalArgumentException.class, () -> b.notifyUrl("http://bad host/"));
        assertThrows(IllegalArgumentException.class, () -> b.notifyRetryDelays(List.of(Duration.ofSeconds(-1))));
        assertThrows(NullPointerException.class, () -> b.notifyRetryDelays(null));
        assertThrows(IllegalArgumentException.class, () -> b.notifyConnectTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.notifyRequestTimeout(null));
    }

    // ------------------------------------------------------------------------------------------------ log capture

    /** Captures what the sandbox logs (at DEBUG) until the test ends. */
    List<String> captureSandboxLogs() {
        List<String> logged = new CopyOnWriteArrayList<>();
        toClose.add(LogCapture.of("dev.camelpayme.sandbox", Level.DEBUG, logged));
        return logged;
    }
}
