package dev.camelpayme.app;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.app.qfpay.TwoMonthQuery;
import dev.camelpayme.component.PaymeConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The two calls of a query whose window spans two months: the second call's input, then one combined answer. */
class TwoMonthQueryTest {

    private static final Map<String, String> SIGNED = Map.of("out_trade_no", "M-1-abc", "page_size", "100",
            "start_time", "2025-01-31 22:59:58", "end_time", "2025-01-31 23:59:59");
    private static final Map<String, String> FEBRUARY = Map.of("start_time", "2025-02-01 00:00:00",
            "end_time", "2025-02-01 23:59:58");
    private static final String JANUARY_ANSWER = "{\"respcd\":\"0000\",\"resperr\":\"\",\"data\":"
            + "[{\"out_trade_no\":\"OTHER-1\",\"respcd\":\"1143\"}],\"page\":\"1\",\"page_size\":\"100\"}";
    private static final String FEBRUARY_ANSWER = "{\"respcd\":\"0000\",\"resperr\":\"\",\"data\":"
            + "[{\"out_trade_no\":\"M-1-abc\",\"respcd\":\"0000\",\"sysdtm\":\"2025-02-01 00:00:01\"}]}";

    private final CamelContext context = new DefaultCamelContext();
    private final TwoMonthQuery query = new TwoMonthQuery();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void theSecondCallIsTheSignedQueryForTheAdjacentMonthWithoutTheFirstAnswersHeaders() {
        Exchange exchange = firstAnswer(200, JANUARY_ANSWER, FEBRUARY);
        exchange.getMessage().setHeader("Set-Cookie", "from=the-first-answer");

        query.prepareSecondCall(exchange);

        assertThat(exchange.getVariable(TwoMonthQuery.SECOND_CALL, Boolean.class)).isTrue();
        assertThat(exchange.getMessage().getBody(Map.class)).isEqualTo(Map.of("out_trade_no", "M-1-abc",
                "page_size", "100", "start_time", "2025-02-01 00:00:00", "end_time", "2025-02-01 23:59:58"));
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKeys("Set-Cookie",
                Exchange.HTTP_RESPONSE_CODE, PaymeConstants.QUERY_SECOND_WINDOW);
    }

    @Test
    void bothMonthsRecordsMakeOneAnswer() {
        Exchange exchange = firstAnswer(200, JANUARY_ANSWER, FEBRUARY);
        query.prepareSecondCall(exchange);
        answer(exchange, 200, FEBRUARY_ANSWER);

        query.combineAnswers(exchange);

        JsonNode combined = PaymeRouteTestSupport.json(exchange.getMessage().getBody(String.class));
        assertThat(combined.path("respcd").asText()).isEqualTo("0000");
        assertThat(combined.path("data")).extracting(r -> r.path("out_trade_no").asText())
                .containsExactly("OTHER-1", "M-1-abc");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        assertThat(exchange.getVariables()).doesNotContainKeys(TwoMonthQuery.SECOND_CALL, TwoMonthQuery.FIRST_ANSWER);
    }

    @Test
    void aFailedSecondHalfIsTheAnswerSoNothingIsConcludedFromHalfTheWindow() {
        Exchange exchange = firstAnswer(200, JANUARY_ANSWER, FEBRUARY);
        query.prepareSecondCall(exchange);
        answer(exchange, 503, "<html>503 Service Temporarily Unavailable</html>");

        query.combineAnswers(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(503);
        assertThat(exchange.getMessage().getBody(String.class)).contains("503");
    }

    @Test
    void aFailedFirstHalfIsTheAnswerWithoutASecondCall() {
        Exchange exchange = firstAnswer(200, "{\"respcd\":\"1104\",\"resperr\":\"bad window\"}", FEBRUARY);

        query.prepareSecondCall(exchange);

        assertThat(exchange.getVariable(TwoMonthQuery.SECOND_CALL, Boolean.class)).isFalse();
        assertThat(exchange.getMessage().getBody(String.class)).contains("1104");
    }

    @Test
    void aWindowWithinOneMonthMakesNoSecondCall() {
        Exchange exchange = firstAnswer(200, JANUARY_ANSWER, null);

        query.prepareSecondCall(exchange);

        assertThat(exchange.getVariable(TwoMonthQuery.SECOND_CALL, Boolean.class)).isFalse();
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo(JANUARY_ANSWER);
    }

    private Exchange firstAnswer(int status, String body, Map<String, String> secondWindow) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(PaymeConstants.REQUEST_FIELDS, SIGNED);
        exchange.getMessage().setHeader(PaymeConstants.QUERY_SECOND_WINDOW, secondWindow);
        answer(exchange, status, body);
        return exchange;
    }

    private static void answer(Exchange exchange, int status, String body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
    }
}
