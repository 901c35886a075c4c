package dev.camelpayme.bench.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orders posted to the application's REST intake, {@code POST /api/payments}, as a shop's checkout posts them: HTTP
 * Basic, a JSON order, a new {@code order_id} each time. Keeps a sample of the orders it created, to repeat them.
 */
final class IntakeCalls {

    static final String ORDER = "{\"order_id\":\"%s\",\"txamt\":2500,\"goods_name\":\"Coffee\"}";
    private static final int KEPT = 20_000;

    private final HttpClient client;
    private final URI payments;
    private final String authorization;
    private final String idPrefix;
    private final AtomicLong sequence = new AtomicLong();
    private final List<String> created = new ArrayList<>();

    IntakeCalls(HttpClient client, int port, String user, String password, String idPrefix) {
        this.client = client;
        this.payments = URI.create("http://127.0.0.1:" + port + "/api/payments");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.idPrefix = idPrefix;
    }

    /** A new order, claimed and sent to QFPay by the application. */
    Reply newOrder() throws Exception {
        String orderId = idPrefix + sequence.incrementAndGet();
        Reply reply = post(orderId);
        if (reply.ok()) {
            keep(orderId);
        }
        return reply;
    }

    /** The same order again: the application answers with its stored outcome and sends nothing. */
    Reply repeat(String orderId) throws Exception {
        return post(orderId);
    }

    /** One of the orders this run created, at random. */
    synchronized String anyCreated() {
        return created.get(ThreadLocalRandom.current().nextInt(created.size()));
    }

    Reply post(String orderId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(payments).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(String.format(ORDER, orderId))).build();
        return Reply.of(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    private synchronized void keep(String orderId) {
        if (created.size() < KEPT) {
            created.add(orderId);
        } else {
            created.set(ThreadLocalRandom.current().nextInt(KEPT), orderId);
        }
    }
}
