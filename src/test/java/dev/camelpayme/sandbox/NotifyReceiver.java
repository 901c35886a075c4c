package dev.camelpayme.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * A tiny notification receiver for the tests: records the raw body bytes and the headers of every request and
 * answers as the test scripts it, by the 1-based number of the request.
 */
final class NotifyReceiver implements AutoCloseable {

    static final String PATH = "/qfpay/notify";

    /** One request as received: the exact body bytes and the headers (names lower-cased). */
    record Received(String method, String path, byte[] body, Map<String, String> headers) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** How to answer: a status and body after a delay, or no answer at all (the connection is closed). */
    record Response(int status, String body, Duration delay, boolean drop) {

        static Response success() {
            return of(200, "SUCCESS");
        }

        static Response of(int status, String body) {
            return new Response(status, body, Duration.ZERO, false);
        }

        static Response dropped() {
            return new Response(0, "", Duration.ZERO, true);
        }

        Response after(Duration delay) {
            return new Response(status, body, delay, drop);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile IntFunction<Response> responder = n -> Response.success();

    private NotifyReceiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "notify-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static NotifyReceiver start() {
        return new NotifyReceiver(0);
    }

    static NotifyReceiver start(int port) {
        return new NotifyReceiver(port);
    }

    /** Answers every request (by its 1-based number) with what the function says. */
    NotifyReceiver answering(IntFunction<Response> responder) {
        this.responder = responder;
        return this;
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + PATH;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    int count() {
        return received.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                String.join(",", values)));
        received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), body, headers));
        Response r = responder.apply(received.size());
        if (!r.delay().isZero()) {
            try {
                Thread.sleep(r.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (r.drop()) {
            ex.close();
            return;
        }
        byte[] answer = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
        ex.sendResponseHeaders(r.status(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
