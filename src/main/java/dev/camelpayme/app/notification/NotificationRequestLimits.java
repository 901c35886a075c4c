package dev.camelpayme.app.notification;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.camelpayme.app.ErrorBody;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification listener's limits, in front of Camel's netty-http consumers (their {@code decoders} option, so each
 * connection gets its own handler): only {@code POST} to the notification path and {@code GET} under the checkout
 * prefix (the shopper's checkout pages, when one is given) reach a route, with a body of at
 * most {@code maxBodyBytes}, read in full within {@code readTimeoutMs} of its headers; a connection with no request
 * under way (headers still arriving included) is closed after {@code idleTimeoutMs}. Whatever is refused is answered
 * with a short fixed JSON body ({@link ErrorBody}), never with anything the request carried, and its connection is
 * closed.
 */
public final class NotificationRequestLimits extends DefaultChannelHandlerFactory {

    private static final Logger SECURITY = LoggerFactory.getLogger("dev.camelpayme.security");
    private static final Logger LOG = LoggerFactory.getLogger(NotificationRequestLimits.class);
    /** The name camel-netty-http gives the handler that collects a request's parts (HttpServerInitializerFactory). */
    private static final String AGGREGATOR = "aggregator";
    static final String BAD_REQUEST = ErrorBody.of(400, "Bad Request: the request is not well-formed HTTP");
    /** The same as a checkout page's 404: nothing tells a path refused here from an unknown checkout link. */
    static final String NOT_FOUND = ErrorBody.of(404);
    static final String TOO_LARGE = ErrorBody.of(413, "Payload Too Large: the body is larger than this listener takes");
    static final String TIMEOUT = ErrorBody.of(408, "Request Timeout: the request did not arrive in time");
    /** How long a refused client may still send what it had started, so that it reads the answer before the close. */
    private static final long LINGER_MS = 1000;

    private final String path;
    private final String checkoutPrefix;
    private final int maxBodyBytes;
    private final long readTimeoutMs;
    private final long idleTimeoutMs;

    public NotificationRequestLimits(String path, int maxBodyBytes, long readTimeoutMs, long idleTimeoutMs) {
        this(path, null, maxBodyBytes, readTimeoutMs, idleTimeoutMs);
    }

    /** @param checkoutPrefix the paths of the checkout pages, such as {@code /checkout/}; null: none */
    public NotificationRequestLimits(String path, String checkoutPrefix, int maxBodyBytes, long readTimeoutMs,
                                     long idleTimeoutMs) {
        if (maxBodyBytes <= 0 || readTimeoutMs <= 0 || idleTimeoutMs <= 0) {
            throw new IllegalArgumentException("payme.notify.max-body-bytes, payme.notify.read-timeout-ms and "
                    + "payme.notify.idle-timeout-ms must be positive");
        }
        this.path = path;
        this.checkoutPrefix = checkoutPrefix;
        this.maxBodyBytes = maxBodyBytes;
        this.readTimeoutMs = readTimeoutMs;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new OneConnection();
    }

    /** One connection's state; Netty calls it on the connection's own event loop only. */
    private final class OneConnection extends ChannelDuplexHandler {

        private ScheduledFuture<?> deadline;
        /** A request's headers have arrived, its last content not yet. */
        private boolean reading;
        /** Answered and closing: whatever else arrives is dropped. */
        private boolean refused;
        private long bodyBytes;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            awaitNextRequest(ctx);
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancelDeadline();
            if (reading) {
                dropPartialRequest(ctx);
            }
            super.channelInactive(ctx);
        }

        /** A connection's own failure (a reset, a broken pipe): closed quietly, never a stack trace per client. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("Closing a connection to the notification listener from {}: {}", ctx.channel().remoteAddress(),
                    cause.toString());
            if (reading) {
                dropPartialRequest(ctx);
            }
            ctx.close();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpObject http && http.decoderResult().isFailure()) {
                refuse(ctx, msg, HttpResponseStatus.BAD_REQUEST, BAD_REQUEST, null);
                return;
            }
            if (msg instanceof HttpRequest request) {
                reading = true;
                bodyBytes = 0;
                setDeadline(ctx, readTimeoutMs, () -> timedOut(ctx));
                String target = pathOf(request.uri());
                if (!isNotification(request.method(), target) && !isCheckout(request.method(), target)) {
                    refuse(ctx, msg, HttpResponseStatus.NOT_FOUND, NOT_FOUND, null);
                    return;
                }
                if (HttpUtil.getContentLength(request, -1L) > maxBodyBytes) {
                    refuse(ctx, msg, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, TOO_LARGE, tooLarge());
                    return;
                }
                // without a Host header (any HTTP version), Camel's netty-http would answer an empty 400 of its own
                if (!request.headers().contains(HttpHeaderNames.HOST)) {
                    refuse(ctx, msg, HttpResponseStatus.BAD_REQUEST, BAD_REQUEST, null);
                    return;
                }
                // neither QFPay nor a checkout link sends a query: dropped here, none of it can become a Camel header
                request.setUri(target);
            }
            if (msg instanceof HttpContent content) {
                bodyBytes += content.content().readableBytes();
                if (bodyBytes > maxBodyBytes) {
                    refuse(ctx, msg, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, TOO_LARGE, tooLarge());
                    return;
                }
                if (content instanceof LastHttpContent) {
                    // complete: the route has it now, and no clock runs while it answers
                    reading = false;
                    cancelDeadline();
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            super.write(ctx, msg, promise);
            // an answer (not an interim 100 Continue) starts the wait for the next request on a kept-alive connection
            if (!reading && !refused) {
                awaitNextRequest(ctx);
            }
        }

        private void awaitNextRequest(ChannelHandlerContext ctx) {
            setDeadline(ctx, idleTimeoutMs, ctx::close);
        }

        private void timedOut(ChannelHandlerContext ctx) {
            SECURITY.warn("Closed a connection from {} on the notification listener: its request was not complete "
                    + "within {} ms", ctx.channel().remoteAddress(), readTimeoutMs);
            refuse(ctx, null, HttpResponseStatus.REQUEST_TIMEOUT, TIMEOUT, null);
        }

        private String tooLarge() {
            return "its body is larger than " + maxBodyBytes + " bytes";
        }

        /**
         * Answers {@code body} (a fixed {@link ErrorBody}) and closes. The output closes first and the rest of the request is dropped for a
         * moment: closing with unread bytes would reset the connection and could lose the answer on its way.
         */
        private void refuse(ChannelHandlerContext ctx, Object msg, HttpResponseStatus status, String body,
                            String logReason) {
            ReferenceCountUtil.release(msg);
            if (reading) {
                dropPartialRequest(ctx);
            }
            refused = true;
            reading = false;
            cancelDeadline();
            if (logReason != null) {
                SECURITY.warn("Refused a request to the notification listener from {}: {}",
                        ctx.channel().remoteAddress(), logReason);
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, ErrorBody.CONTENT_TYPE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            // from the pipeline's tail, through the response encoder that sits behind this handler
            ctx.channel().writeAndFlush(response).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess() && written.channel() instanceof DuplexChannel duplex) {
                    duplex.shutdownOutput();
                    written.channel().eventLoop().schedule(() -> written.channel().close(), LINGER_MS,
                            TimeUnit.MILLISECONDS);
                } else {
                    written.channel().close();
                }
            });
        }

        /**
         * The part of a request already passed on waits in the aggregator, which would report a stack trace when the
         * connection closes under it: removed, it releases that part, and nothing more of the connection reaches it.
         */
        private void dropPartialRequest(ChannelHandlerContext ctx) {
            reading = false;
            if (ctx.pipeline().get(AGGREGATOR) != null) {
                ctx.pipeline().remove(AGGREGATOR);
            }
        }

        private void setDeadline(ChannelHandlerContext ctx, long millis, Runnable action) {
            cancelDeadline();
            deadline = ctx.executor().schedule(action, millis, TimeUnit.MILLISECONDS);
        }

        private void cancelDeadline() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }
    }

    private boolean isNotification(HttpMethod method, String target) {
        return method.equals(HttpMethod.POST) && path.equals(target);
    }

    private boolean isCheckout(HttpMethod method, String target) {
        return checkoutPrefix != null && method.equals(HttpMethod.GET) && target.startsWith(checkoutPrefix);
    }

    /** The path of a request target, without its query; an absolute or odd target is no path of ours. */
    private static String pathOf(String uri) {
        int end = uri.length();
        for (char stop : new char[] { '?', '#' }) {
            int at = uri.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return uri.substring(0, end);
    }
}
