package dev.camelpayme.app.api;

import dev.camelpayme.app.ErrorBody;
import io.vertx.ext.auth.User;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorizes an API request that Camel Main's HTTP server has already authenticated: the server puts the user it let
 * in on the message ({@link VertxPlatformHttpConstants#AUTHENTICATED_USER}) but no roles, so the roles come from the
 * same credentials file ({@link ApiUsers}). A refused request is answered here with a short fixed JSON body, no echo of
 * anything it sent, before any of it is parsed or stored. The REST routes call {@link #authorize} first.
 */
public final class ApiAccess {

    /** Set to true on an exchange refused here: the route then stops, and the answer is the one set here. */
    public static final String REFUSED = "paymeApiRefused";

    private static final Logger LOG = LoggerFactory.getLogger(ApiAccess.class);

    private final ApiUsers users;

    public ApiAccess(ApiUsers users) {
        this.users = users;
    }

    /**
     * Changes nothing when the authenticated user has {@code role}; otherwise answers 401 (no authenticated user) or
     * 403 (a user without the role) and sets {@link #REFUSED}.
     */
    public void authorize(Exchange exchange, String role) {
        Message message = exchange.getMessage();
        String user = userName(message.getHeader(VertxPlatformHttpConstants.AUTHENTICATED_USER));
        if (user == null) {
            // only reachable if the server let the request through unauthenticated: refused all the same
            LOG.warn("API request refused: no authenticated user (is camel.server.authentication-path covering it?)");
            refuse(exchange, 401);
            return;
        }
        if (!users.hasRole(user, role)) {
            LOG.warn("API request refused: user '{}' does not have the role '{}'", user, role);
            refuse(exchange, 403);
        }
    }

    private static String userName(Object user) {
        return user instanceof User authenticated ? authenticated.principal().getString("username") : null;
    }

    private static void refuse(Exchange exchange, int status) {
        Message message = exchange.getMessage();
        // nothing of the request goes back: its headers would otherwise be copied into the response
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, ErrorBody.CONTENT_TYPE);
        message.setBody(ErrorBody.of(status));
        exchange.setVariable(REFUSED, true);
    }
}
