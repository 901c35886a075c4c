package dev.camelpayme.app.api;

import dev.camelpayme.app.ErrorAnswers;
import io.vertx.ext.auth.User;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants.AUTHENTICATED_USER;
import static org.assertj.core.api.Assertions.assertThat;

/** The role check on what the server put on the exchange (the whole listener: ApiAttackTest). */
class ApiAccessTest {

    private final ApiAccess access = new ApiAccess(ApiUsers.parse("user.shop = pw,payments\n"));

    @Test
    void aUserWithTheRoleGoesOnUntouched() {
        Exchange exchange = request(User.fromName("shop"));

        access.authorize(exchange, "payments");

        assertThat(exchange.getVariable(ApiAccess.REFUSED)).isNull();
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("{\"order_id\":\"x\"}");
        assertThat(exchange.getMessage().getHeader("X-Probe")).isEqualTo("probe");
    }

    @Test
    void aUserWithoutTheRoleIsAnswered403WithNothingOfTheRequest() {
        Exchange exchange = request(User.fromName("shop"));

        access.authorize(exchange, "refunds");

        assertRefused(exchange, 403);
    }

    @Test
    void noAuthenticatedUserIsAnswered401EvenIfTheServerLetItThrough() {
        assertRefused(refusedWith(null), 401);
        assertRefused(refusedWith("shop"), 401);
    }

    private Exchange refusedWith(Object user) {
        Exchange exchange = request(user);
        access.authorize(exchange, "payments");
        return exchange;
    }

    private static Exchange request(Object user) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody("{\"order_id\":\"x\"}");
        exchange.getMessage().setHeader("X-Probe", "probe");
        exchange.getMessage().setHeader("Authorization", "Basic c2hvcDpwdw==");
        if (user != null) {
            exchange.getMessage().setHeader(AUTHENTICATED_USER, user);
        }
        return exchange;
    }

    private static void assertRefused(Exchange exchange, int status) {
        assertThat(exchange.getVariable(ApiAccess.REFUSED)).isEqualTo(true);
        assertThat(exchange.getMessage().getHeaders()).containsOnlyKeys(Exchange.HTTP_RESPONSE_CODE,
                Exchange.CONTENT_TYPE);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(status);
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        ErrorAnswers.assertErrorBody(exchange.getMessage().getBody(String.class), status);
    }
}
