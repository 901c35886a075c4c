package dev.camelpayme.app;

import java.net.http.HttpResponse;

import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An API request whose processing fails in a way no route foresaw (a bug, a lost store) answers 500 with a short fixed
 * JSON body: never the exception's text or stack trace, which would tell a caller the application's internals, and
 * never the request's headers (its credentials among them).
 */
class ApiFailureAnswerTest extends PaymeRouteTestSupport {

    private static final String INTERNAL_DETAIL = "jdbc:h2:file:./data/store/payme lost at SECRET-MARKER";

    @Test
    void anUnforeseenFailureAnswers500WithAFixedJsonBodyNotTheExceptionNorTheRequestHeaders() throws Exception {
        AdviceWith.adviceWith(context, "payme-intake-rest", route -> route
                .weaveAddFirst().throwException(new IllegalStateException(INTERNAL_DETAIL)));

        HttpResponse<String> answer = postOrder(order(newOrderId("E"), 1500));

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).isEqualTo("{\"error\":\"Internal Server Error: the request could not be processed\","
                + "\"status\":500}");
        assertThat(answer.headers().map().keySet()).as("nothing of the request comes back")
                .noneMatch(name -> name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("User-Agent"));
        assertThat(answer.body()).doesNotContain("SECRET-MARKER").doesNotContain("jdbc")
                .doesNotContain("Exception").doesNotContain("at dev.camelpayme");
    }
}
