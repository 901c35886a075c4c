package dev.camelpayme.app.metrics;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a QFPay call's result is named for the metrics: the answer's own respcd, never a record's, or why none. */
class QfpayCallsTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theOuterRespcdOfAQueryAnswerIsTakenNotARecords() {
        String answer = "{\"data\":[{\"respcd\":\"1143\",\"syssn\":\"1\"}],\"page\":\"1\",\"respcd\":\"0000\"}";

        assertThat(QfpayCalls.topLevelRespcd(bytes(answer))).isEqualTo("0000");
    }

    @Test
    void anAnswerThatIsNotAJsonObjectHasNoRespcd() {
        assertThat(QfpayCalls.topLevelRespcd(bytes("<html>gateway error</html>"))).isNull();
        assertThat(QfpayCalls.topLevelRespcd(bytes("[{\"respcd\":\"0000\"}]"))).isNull();
    }

    @Test
    void aCallIsNamedByItsRespcdItsHttpStatusOrItsFailure() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange answered = new DefaultExchange(context);
            answered.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            answered.getMessage().setBody(bytes("{\"respcd\":\"1145\",\"resperr\":\"x\"}"));
            Exchange refused = new DefaultExchange(context);
            refused.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
            Exchange failed = new DefaultExchange(context);
            failed.setException(new ConnectException("Connection refused"));
            Exchange garbled = new DefaultExchange(context);
            garbled.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            garbled.getMessage().setBody("{\"respcd\":\"<script>\"}");

            assertThat(QfpayCalls.resultOf(answered)).isEqualTo("1145");
            assertThat(QfpayCalls.resultOf(refused)).isEqualTo("http_503");
            assertThat(QfpayCalls.resultOf(failed)).isEqualTo("transport_error");
            assertThat(QfpayCalls.resultOf(garbled)).as("only a 4-digit code becomes a label").isEqualTo("not_json");
        }
    }
}
