package dev.camelpayme.app.boot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.camelpayme.app.ErrorAnswers;
import dev.camelpayme.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vert.x handed to Camel's HTTP server, on a real server over loopback: until the routes are ready every request
 * is answered 503 (never a 404 for a path that exists a moment later), then the server's own routes answer, and what
 * no route serves or a route fails on is a short fixed JSON error.
 */
class ApiListenerVertxTest {

    private static final String INTERNAL_DETAIL = "jdbc:h2:file:./data/store/payme SECRET-MARKER";

    private final AtomicBoolean ready = new AtomicBoolean();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Vertx vertx;
    private int port;

    @BeforeEach
    void serverWithOneRoute() throws Exception {
        vertx = new ApiListenerVertx(30_000, 10_000, List::of, ready::get).create();
        Router router = Router.router(vertx);
        router.post("/api/payments").handler(context -> context.response().end("created"));
        router.post("/api/failing").handler(context -> context.fail(new IllegalStateException(INTERNAL_DETAIL)));
        HttpServer server = vertx.createHttpServer().requestHandler(router);
        port = FreePorts.next();
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void beforeTheRoutesAreReadyEveryPathIsAnswered503WithRetryAfter() throws Exception {
        for (String path : List.of("/api/payments", "/api/refunds", "/nothing-here")) {
            HttpResponse<String> answer = post(path);

            assertThat(answer.statusCode()).as(path).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(ErrorAnswers.assertErrorBody(answer.body(), 503)).startsWith("Service Unavailable");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        }
    }

    @Test
    void onceReadyTheRoutesAnswerAndAnUnknownPathIsAFixedJsonNotFound() throws Exception {
        ready.set(true);

        assertThat(post("/api/payments").body()).isEqualTo("created");
        HttpResponse<String> unknown = post("/nothing-here?probe=%3Cscript%3E");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(unknown.body())
                .isEqualTo("{\"error\":\"Not Found: nothing is served at this path\",\"status\":404}");
    }

    @Test
    void aRouteThatFailsIsAnswered500WithAFixedJsonBodyNotTheException() throws Exception {
        ready.set(true);

        HttpResponse<String> failed = post("/api/failing");

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ErrorAnswers.assertErrorBody(failed.body(), 500)).startsWith("Internal Server Error");
        assertThat(failed.body()).doesNotContain(INTERNAL_DETAIL).doesNotContain("Exception");
    }

    @Test
    void stoppingMakesItUnavailableAgain() throws Exception {
        ready.set(true);
        assertThat(post("/api/payments").statusCode()).isEqualTo(200);

        ready.set(false);

        assertThat(post("/api/payments").statusCode()).isEqualTo(503);
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
