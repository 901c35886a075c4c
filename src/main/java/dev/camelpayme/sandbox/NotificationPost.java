package dev.camelpayme.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One delivery of a notification to a URL chosen at the time of the call ({@link QfpaySandbox#sendNotification}),
 * signed and shaped exactly like the scheduled deliveries of {@link SandboxNotifier}, but never retried.
 */
final class NotificationPost {

    private NotificationPost() {
    }

    static SentNotification send(URI url, SandboxNotifier.Notification n, String clientKey, Duration connectTimeout,
            Duration requestTimeout, Clock clock) {
        byte[] body = n.body().getBytes(StandardCharsets.UTF_8);
        String signature = NotificationBody.sign(body, clientKey);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("Content-Type", "application/json").header("X-QF-SIGN", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Instant time = clock.instant();
        int status;
        String answer;
        try {
            HttpResponse<String> response = http.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            status = response.statusCode();
            answer = response.body() == null ? "" : response.body();
        } catch (IOException e) {
            status = SentNotification.IO_ERROR;
            answer = "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering the notification", e);
        }
        boolean ack = status == 200 && answer.trim().equals(SandboxNotifier.ACK);
        return new SentNotification(n.notifyType(), n.syssn(), n.outTradeNo(), n.body(), signature, 1, status, ack,
                time);
    }
}
