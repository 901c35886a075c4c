package dev.camelpayme.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.camelpayme.sandbox.QfpayTestClient.payment;
import static dev.camelpayme.sandbox.QfpayTestClient.refundOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link QfpaySandbox#sendNotification}: one delivery, on request, to a URL chosen then, of exactly the notification
 * QFPay would send (the same bytes and signature as the sandbox's own deliveries), and only for what succeeded.
 */
class SandboxSendNotificationTest {

    private static final String KEY = "SEND-NOTIFICATION-KEY-0123456789";

    private final NotifyReceiver scheduled = NotifyReceiver.start();
    private final NotifyReceiver chosen = NotifyReceiver.start();
    private final QfpaySandbox sandbox = QfpaySandbox.builder().clientKey(KEY).notifyUrl(scheduled.url())
            .notifyRetryDelays(List.of()).build().start();
    private final QfpayTestClient client = new QfpayTestClient(sandbox.baseUrl(), SandboxCredentials.APP_CODE, KEY);

    @AfterEach
    void stop() {
        sandbox.stop();
        scheduled.close();
        chosen.close();
    }

    @Test
    void aPaidPaymentIsSentToTheChosenUrlWithTheBytesAndSignatureOfTheScheduledDelivery() {
        client.payment(payment("SN-1", 300));
        sandbox.markPaid("SN-1");
        await().until(() -> scheduled.count() == 1);

        SentNotification sent = sandbox.sendNotification("SN-1", chosen.url());

        assertThat(sent.acknowledged()).isTrue();
        assertThat(sent.attempt()).isEqualTo(1);
        NotifyReceiver.Received got = chosen.received().get(0);
        NotifyReceiver.Received original = scheduled.received().get(0);
        assertThat(new String(got.body(), StandardCharsets.UTF_8))
                .isEqualTo(new String(original.body(), StandardCharsets.UTF_8)).isEqualTo(sent.body());
        assertThat(got.headers().get("x-qf-sign")).isEqualTo(original.headers().get("x-qf-sign"))
                .isEqualTo(NotificationBody.sign(got.body(), KEY));
        assertThat(sandbox.notifications()).hasSize(1); // the scheduled one only: an extra delivery is not recorded
    }

    @Test
    void aCompletedRefundIsSentWithItsOwnIds() {
        String syssn = client.payment(payment("SN-2", 500)).get("syssn");
        sandbox.markPaid(syssn);
        client.refund(refundOf(syssn, "SN-2-r", 200));

        SentNotification sent = sandbox.sendNotification("SN-2-r", chosen.url());

        assertThat(sent.notifyType()).isEqualTo("refund");
        assertThat(sent.body()).contains("\"origssn\": \"" + syssn + "\"", "\"txamt\": \"200\"");
    }

    @Test
    void anUnpaidOrUnknownTransactionHasNoNotificationToSend() {
        client.payment(payment("SN-3", 300));

        assertThatThrownBy(() -> sandbox.sendNotification("SN-3", chosen.url()))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> sandbox.sendNotification("SN-404", chosen.url()))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> sandbox.sendNotification("SN-3", "ftp://localhost/x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(chosen.count()).isZero();
    }

    @Test
    void aReceiverThatDoesNotAnswerSuccessIsReportedUnacknowledged() {
        chosen.answering(n -> NotifyReceiver.Response.of(500, "no"));
        client.payment(payment("SN-4", 300));
        sandbox.markPaid("SN-4");

        SentNotification sent = sandbox.sendNotification("SN-4", chosen.url());

        assertThat(sent.acknowledged()).isFalse();
        assertThat(sent.httpStatus()).isEqualTo(500);
    }
}
