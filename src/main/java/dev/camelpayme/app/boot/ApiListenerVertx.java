package dev.camelpayme.app.boot;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import dev.camelpayme.app.ErrorBody;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.VertxInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x instance that Camel Main's HTTP server (the API listener) takes from the registry, adding what Camel
 * 4.18's {@code camel.server.*} options cannot set: a connection idle for {@code payme.api.idle-timeout-ms} is closed;
 * a request whose body has not fully arrived {@code payme.api.read-timeout-ms} after its headers is answered 408 and
 * its connection closed; and a request Vert.x refuses on its own (malformed credentials, a body over the limit) is
 * answered with a short fixed JSON body ({@link ErrorBody}) and one DEBUG line, not an ERROR stack trace per request an
 * attacker can repeat. Until the routes are started, every request is answered {@code 503 Service Unavailable}: the
 * server opens before the REST routes exist, and would otherwise answer 404 for paths that exist a moment later.
 * <p>
 * A dynamic proxy, because Camel creates the server itself (with fixed {@code HttpServerOptions}) from the Vert.x it
 * finds: the proxy only adjusts {@link Vertx#createHttpServer(HttpServerOptions)} and the request handler of the
 * servers it creates, and passes every other call to the real Vert.x.
 */
final class ApiListenerVertx {

    private static final Logger LOG = LoggerFactory.getLogger(ApiListenerVertx.class);
    /** Before the routes are started, and again once they stop. */
    static final String NOT_READY = ErrorBody.of(503,
            "Service Unavailable: the application is starting or stopping; try again in a moment");

    private final long idleTimeoutMs;
    private final long readTimeoutMs;
    private final Supplier<? extends Collection<? extends Router>> routersOfTheRoutes;
    private final BooleanSupplier ready;

    /**
     * @param routersOfTheRoutes Camel's routers for the REST routes, created beside the server's own: the refusals
     *                           (a connection closed under a body being read, for one) are answered quietly there too
     * @param ready              whether the routes are started: until then (and again once stopping) every request
     *                           is answered 503, never a 404 for a path that exists once the routes are up
     */
    ApiListenerVertx(long idleTimeoutMs, long readTimeoutMs,
            Supplier<? extends Collection<? extends Router>> routersOfTheRoutes, BooleanSupplier ready) {
        if (idleTimeoutMs <= 0 || readTimeoutMs <= 0) {
            throw new IllegalArgumentException("payme.api.idle-timeout-ms and payme.api.read-timeout-ms must be "
                    + "positive: without them a client that never finishes its request holds a connection forever");
        }
        this.idleTimeoutMs = idleTimeoutMs;
        this.readTimeoutMs = readTimeoutMs;
        this.routersOfTheRoutes = routersOfTheRoutes;
        this.ready = ready;
    }

    /** A new Vert.x whose HTTP servers apply these limits; close it when the application stops. */
    Vertx create() {
        VertxInternal real = (VertxInternal) Vertx.vertx();
        InvocationHandler creatingGuardedServers = (proxy, method, args) -> {
            if (method.getName().equals("createHttpServer")) {
                HttpServerOptions options = args == null || args.length == 0 ? new HttpServerOptions()
                        : new HttpServerOptions((HttpServerOptions) args[0]);
                options.setIdleTimeout((int) idleTimeoutMs).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
                return guarded(real.createHttpServer(options), real);
            }
            return invoke(real, method, args);
        };
        return (Vertx) Proxy.newProxyInstance(ApiListenerVertx.class.getClassLoader(),
                new Class<?>[] {VertxInternal.class}, creatingGuardedServers);
    }

    /** The server, with its request handler wrapped: each request is gated and gets the read deadline. */
    private HttpServer guarded(HttpServer server, Vertx vertx) {
        return (HttpServer) Proxy.newProxyInstance(ApiListenerVertx.class.getClassLoader(),
                new Class<?>[] {HttpServer.class}, new InvocationHandler() {
                    @Override
                    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                        if (method.getName().equals("requestHandler") && args != null && args.length == 1) {
                            @SuppressWarnings("unchecked")
                            Handler<HttpServerRequest> handler = (Handler<HttpServerRequest>) args[0];
                            if (handler instanceof Router router) {
                                answerRefusalsQuietly(router);
                            }
                            routersOfTheRoutes.get().forEach(ApiListenerVertx.this::answerRefusalsQuietly);
                            server.requestHandler(gated(handler, vertx));
                            return proxy;
                        }
                        Object result = ApiListenerVertx.invoke(server, method, args);
                        return result == server ? proxy : result;
                    }
                });
    }

    private void answerRefusalsQuietly(Router router) {
        // every status: Vert.x fails a request with the status of its answer so far (200 when a client's connection
        // closes under a body being read); a 401 keeps the WWW-Authenticate header its handler set
        IntStream.rangeClosed(100, 599).forEach(status -> router.errorHandler(status, this::refuse));
    }

    /**
     * Gates each request on readiness and puts it under the read deadline. One periodic check serves every request
     * (a timer per request would hold each finished request for the whole timeout under load).
     */
    private Handler<HttpServerRequest> gated(Handler<HttpServerRequest> handler, Vertx vertx) {
        Map<HttpServerRequest, Long> reading = new ConcurrentHashMap<>();
        vertx.setPeriodic(Math.max(50, Math.min(readTimeoutMs / 4, 1000)), check -> cutOffSlowBodies(reading));
        return request -> {
            if (!ready.getAsBoolean()) {
                request.response().setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, "1")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .putHeader(HttpHeaders.CONTENT_TYPE, ErrorBody.CONTENT_TYPE).end(NOT_READY);
                return;
            }
            reading.put(request, System.nanoTime());
            handler.handle(request);
        };
    }

    /** Forgets the requests whose body is in; answers 408 to those past the read timeout and closes them. */
    private void cutOffSlowBodies(Map<HttpServerRequest, Long> reading) {
        long now = System.nanoTime();
        reading.entrySet().removeIf(started -> {
            HttpServerRequest request = started.getKey();
            if (request.isEnded()) {
                return true;
            }
            if (now - started.getValue() < TimeUnit.MILLISECONDS.toNanos(readTimeoutMs)) {
                return false;
            }
            LOG.debug("API request body not received within {} ms: connection closed", readTimeoutMs);
            HttpServerResponse response = request.response();
            if (!response.headWritten() && !response.ended()) {
                response.setStatusCode(408).putHeader(HttpHeaders.CONNECTION, "close")
                        .putHeader(HttpHeaders.CONTENT_TYPE, ErrorBody.CONTENT_TYPE).end(ErrorBody.of(408));
            }
            request.connection().close();
            return true;
        });
    }

    /**
     * A short fixed JSON body saying what was wrong (a 405 with the path's methods in {@code Allow} as well): nothing
     * of the request comes back, and its failure is one line at DEBUG.
     */
    private void refuse(RoutingContext context) {
        int status = context.statusCode() < 400 ? 500 : context.statusCode();
        if (status == 500 && !wellFormedEscapes(context.request().path())) {
            // the path cannot be decoded (a '%' not followed by two hex digits): the caller's mistake, not ours
            status = 400;
        }
        Throwable failure = context.failure();
        LOG.debug("API request refused with {}: {}", status,
                failure == null ? "no detail" : failure.getClass().getSimpleName());
        HttpServerResponse response = context.response();
        if (!response.headWritten() && !response.ended() && !response.closed()) {
            response.setStatusCode(status);
            if (status == 405) {
                response.putHeader(HttpHeaders.ALLOW, AllowedMethods.of(routersOfTheRoutes.get(),
                        context.normalizedPath()));
            }
            response.putHeader(HttpHeaders.CONTENT_TYPE, ErrorBody.CONTENT_TYPE).end(ErrorBody.of(status));
        }
    }

    /** Whether every '%' of the raw path starts a %-escape of two hex digits. */
    static boolean wellFormedEscapes(String rawPath) {
        if (rawPath == null) {
            return true;
        }
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            if (i + 2 >= rawPath.length() || Character.digit(rawPath.charAt(i + 1), 16) < 0
                    || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
