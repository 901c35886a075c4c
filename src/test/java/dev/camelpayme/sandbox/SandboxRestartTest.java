package dev.camelpayme.sandbox;

import static dev.camelpayme.sandbox.QfpayTestClient.fields;
import static dev.camelpayme.sandbox.QfpayTestClient.payment;
import static dev.camelpayme.sandbox.QfpayTestClient.refundOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelpayme.sandbox.NotifyReceiver.Received;
import dev.camelpayme.sandbox.NotifyReceiver.Response;
import dev.camelpayme.sandbox.QfpayTestClient.Reply;
import dev.camelpayme.testing.FreePorts;
import dev.camelpayme.testing.LogCapture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox with a data dir, stopped and started again as a new sandbox on the same folder and port: it finds its
 * payments and refunds, its old pay_urls open and can be paid, a pending trigger goes on counting, a notification
 * due at the stop is sent on its schedule after the start, and a torn last line does not stop the start.
 */
class SandboxRestartTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final long PENDING_THEN_PAID = 91143;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    final int port = FreePorts.next();
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    Path dataDir() {
        return tmp.resolve("data").resolve("sandbox");
    }

    QfpaySandbox.Builder builder() {
        return QfpaySandbox.builder().port(port).dataDir(dataDir()).pendingQueriesBeforePaid(2);
    }

    QfpaySandbox start(QfpaySandbox.Builder builder) {
        QfpaySandbox sandbox = builder.build().start();
        toClose.add(sandbox);
        return sandbox;
    }

    @Test
    void paymentsRefundsAndPayUrlsOutliveARestart() {
        QfpaySandbox first = start(builder());
        QfpayTestClient client = QfpayTestClient.of(first);
        Reply created = client.payment(payment("rs-open", 2500));
        String openSyssn = created.get("syssn");
        String payUrl = created.get("pay_url");
        String paidSyssn = client.paid(first, "rs-paid", 10000);
        assertThat(client.refund(refundOf(paidSyssn, "rs-refund", 1500)).respcd()).isEqualTo("0000");
        List<SandboxOrder> before = first.orders();
        first.stop();

        QfpaySandbox second = start(builder());

        assertThat(second.orders()).as("the same transactions, in the same order, field for field").isEqualTo(before);
        assertThat(second.payUrl(openSyssn)).isEqualTo(payUrl);
        assertThat(get(payUrl).status()).as("the pay_url handed out before the restart").isEqualTo(200);
        Reply paid = post(payUrl);
        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
        assertThat(paid.get("result")).isEqualTo("PAID");
        assertThat(second.order(openSyssn).orElseThrow().status()).isEqualTo(SandboxOrder.Status.PAID);
        assertThat(client.query(fields("syssn", openSyssn)).data().get(0).get("respcd").asText()).isEqualTo("0000");

        assertThat(client.payment(payment("rs-open", 2500)).respcd()).as("a used out_trade_no stays used")
                .isEqualTo(RespCodes.DUPLICATE);
        assertThat(client.refund(refundOf(paidSyssn, "rs-refund-2", 8501)).respcd())
                .as("the refunded amount is remembered: 8500 are left").isEqualTo(RespCodes.OVER_REFUND);
        String newSyssn = client.payment(payment("rs-new", 2500)).get("syssn");
        assertThat(before.stream().map(SandboxOrder::syssn)).as("syssns handed out before").doesNotContain(newSyssn);
    }

    @Test
    void anOrderPendingAtTheStopGoesOnCountingItsQueriesAndSettlesAfterTheRestart() {
        QfpaySandbox first = start(builder());
        QfpayTestClient client = QfpayTestClient.of(first);
        String syssn = client.payment(payment("rs-pending", PENDING_THEN_PAID)).get("syssn");
        assertThat(recordCode(client, syssn)).isEqualTo("1143");
        assertThat(recordCode(client, syssn)).as("N = 2 queries pending").isEqualTo("1143");
        first.stop();

        QfpaySandbox second = start(builder());

        assertThat(recordCode(client, syssn)).as("the third query in all, the first after the restart")
                .isEqualTo("0000");
        assertThat(second.order(syssn).orElseThrow().status()).isEqualTo(SandboxOrder.Status.PAID);
        assertThat(second.order(syssn).orElseThrow().queryCount()).isEqualTo(3);
    }

    @Test
    void aNotificationDueAtTheStopIsSentAgainOnItsScheduleAfterTheRestart() throws Exception {
        Duration retryAfter = Duration.ofSeconds(2);
        NotifyReceiver receiver = NotifyReceiver.start()
                .answering(n -> n == 1 ? Response.of(500, "busy") : Response.success());
        toClose.add(receiver);
        QfpaySandbox.Builder notifying = builder().notifyUrl(receiver.url())
                .notifyRetryDelays(List.of(retryAfter, retryAfter));
        QfpaySandbox first = start(notifying);
        QfpayTestClient client = QfpayTestClient.of(first);
        String syssn = client.paid(first, "rs-notified", 2500);
        await().atMost(WAIT).until(() -> first.notifications(syssn).size() == 1);
        SentNotification refused = first.notifications(syssn).get(0);
        assertThat(refused.httpStatus()).isEqualTo(500);
        first.stop();

        Instant restarted = Instant.now();
        QfpaySandbox second = start(notifying);

        await().atMost(WAIT).until(() -> receiver.count() == 2);
        List<Received> received = receiver.received();
        assertThat(received.get(1).text()).as("the same bytes").isEqualTo(received.get(0).text());
        assertThat(received.get(1).header("X-QF-SIGN")).isEqualTo(received.get(0).header("X-QF-SIGN"));
        await().atMost(WAIT).until(() -> second.notifications(syssn).size() == 1);
        SentNotification resent = second.notifications(syssn).get(0);
        assertThat(resent.acknowledged()).isTrue();
        assertThat(resent.attempt()).as("the attempts go on counting").isEqualTo(2);
        // its due time was taken just before the refused attempt's: a few milliseconds of slack, not seconds
        assertThat(resent.time()).as("sent on its schedule, not at the start")
                .isAfterOrEqualTo(refused.time().plus(retryAfter).minusMillis(200));
        assertThat(resent.time()).as("and not before the receiver had time to start beside the sandbox")
                .isAfterOrEqualTo(restarted.plus(SandboxNotifier.AFTER_START));
        second.stop();

        try (SandboxJournal record = SandboxJournal.open(dataDir())) {
            assertThat(record.loaded().keySet()).as("an acknowledged notification is no longer due")
                    .noneMatch(key -> key.startsWith(SandboxNotifier.NOTIFICATION_KEY))
                    .contains(SandboxEngine.ORDER_KEY + syssn);
        }
    }

    @Test
    void aTornLastLineIsSkippedWithAWarningAndTheStartGoesOn() throws IOException {
        QfpaySandbox first = start(builder());
        QfpayTestClient client = QfpayTestClient.of(first);
        String syssn = client.payment(payment("rs-torn", 2500)).get("syssn");
        first.stop();
        Path log = dataDir().resolve(SandboxJournal.LOG_FILE);
        // a crash in the middle of writing a line, inside a multi-byte character
        Files.write(log, "{\"key\":\"order:2026112600000000000000000\",\"value\":{\"goods_name\":\"\u00e9"
                .getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        byte[] written = Files.readAllBytes(log);
        Files.write(log, java.util.Arrays.copyOf(written, written.length - 1));
        List<String> logged = captureSandboxLogs();

        QfpaySandbox second = start(builder());

        assertThat(second.order(syssn)).as("what was whole before the torn line").isPresent();
        assertThat(second.orders()).hasSize(1);
        assertThat(logged).anyMatch(line -> line.startsWith("WARN") && line.contains("torn"));
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            assertThat(JSON.readTree(line).path("key").asText()).as("rewritten whole at the start: " + line)
                    .isNotEmpty();
        }
        assertThat(QfpayTestClient.of(second).payment(payment("rs-after-torn", 2500)).respcd()).isEqualTo("0000");
    }

    @Test
    void theFolderAndItsFilesAreOwnerOnly() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        QfpaySandbox sandbox = start(builder());
        QfpayTestClient.of(sandbox).payment(payment("rs-private", 2500));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir().getParent())))
                .as("a folder made on the way").isEqualTo("rwx------");
        try (var files = Files.list(dataDir())) {
            assertThat(files.map(f -> {
                try {
                    return f.getFileName() + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toSet())).isEqualTo(Set.of(SandboxJournal.LOG_FILE + " rw-------",
                    SandboxJournal.LOCK_FILE + " rw-------"));
        }
    }

    @Test
    void itKeepsTheLatestTransactionsAndDropsTheOldest() {
        QfpaySandbox first = start(builder().keptTransactions(3));
        QfpayTestClient client = QfpayTestClient.of(first);
        List<String> syssns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            syssns.add(client.payment(payment("rs-kept-" + i, 2500)).get("syssn"));
        }
        assertThat(first.order(syssns.get(0))).as("the oldest dropped at once").isEmpty();
        first.stop();

        QfpaySandbox second = start(builder().keptTransactions(3));

        assertThat(second.orders().stream().map(SandboxOrder::syssn)).containsExactlyElementsOf(syssns.subList(1, 4));
    }

    @Test
    void aSecondSandboxOnTheSameFolderIsRefusedWhileTheFirstRuns() {
        start(builder());

        assertThatThrownBy(() -> builder().port(0).build().start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use by another running sandbox");
    }

    @Test
    void resetForgetsTheRecordToo() {
        QfpaySandbox first = start(builder());
        QfpayTestClient.of(first).payment(payment("rs-reset", 2500));
        first.reset();
        first.stop();

        assertThat(start(builder()).orders()).isEmpty();
    }

    @Test
    void withoutADataDirARestartForgets() {
        QfpaySandbox first = start(QfpaySandbox.builder().port(port));
        QfpayTestClient.of(first).payment(payment("rs-memory", 2500));
        first.stop();

        assertThat(start(QfpaySandbox.builder().port(port)).orders()).isEmpty();
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String recordCode(QfpayTestClient client, String syssn) {
        return client.query(fields("syssn", syssn)).data().get(0).get("respcd").asText();
    }

    static Reply get(String url) {
        return QfpayTestClient.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET().build());
    }

    static Reply post(String url) {
        return QfpayTestClient.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Captures what the sandbox logs (level, then message) until the test ends. */
    List<String> captureSandboxLogs() {
        List<String> logged = new CopyOnWriteArrayList<>();
        toClose.add(LogCapture.of("dev.camelpayme.sandbox", Level.INFO, logged));
        return logged;
    }
}
