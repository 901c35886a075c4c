package dev.camelpayme.app;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.BeanDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notification listener when the store fails under it: a notification that cannot be kept is answered 503 (QFPay
 * sends it again) and a checkout page that cannot be read 503 too, each with a short fixed JSON body, never the
 * exception or an empty 500.
 */
class ListenerFailureAnswerTest extends PaymeRouteTestSupport {

    private static final String INTERNAL_DETAIL = "jdbc:h2:file:./data/store/payme lost at SECRET-MARKER";

    @Test
    void aNotificationThatCannotBeKeptIsAnswered503WithAFixedJsonBody() throws Exception {
        JsonNode created = json(postOrder(order(newOrderId("L"), 2500)).body());
        AdviceWith.adviceWith(context, "payme-notify-receiver", route -> route
                .weaveByToUri("payme:notification").replace().throwException(new SQLException(INTERNAL_DETAIL)));
        String body = "{\"status\":\"1\",\"notify_type\":\"payment\",\"syssn\":\"" + created.path("syssn").asText()
                + "\",\"respcd\":\"0000\"}";

        HttpResponse<String> answer = notify(body, sign(body));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).isEqualTo("{\"error\":\"Service Unavailable: the notification could not be kept"
                + " now; send it again\",\"status\":503}");
    }

    @Test
    void aCheckoutPageThatCannotBeReadIsAnswered503WithAFixedJsonBody() throws Exception {
        String link = json(postOrder(order(newOrderId("L"), 2500)).body()).path("checkout_url").asText();
        AdviceWith.adviceWith(context, "payme-checkout", route -> route
                .weaveByType(BeanDefinition.class).replace().throwException(new SQLException(INTERNAL_DETAIL)));

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).isEqualTo("{\"error\":\"Service Unavailable: the page cannot be shown now; try"
                + " again in a moment\",\"status\":503}");
    }
}
