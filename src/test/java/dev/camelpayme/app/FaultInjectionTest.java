package dev.camelpayme.app;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelpayme.sandbox.ReceivedRequest;
import dev.camelpayme.sandbox.SandboxOrder;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every fault the sandbox can inject, driven through the real routes. Afterwards the sandbox's own record of what
 * it received shows that the order was not lost (exactly one outcome), that no out_trade_no was sent twice, that
 * an unknown result was queried before anything else was sent, and that no business order had two live QFPay orders
 * (at most one order whose pay_url was handed out; any other one was never shown to anybody and never paid).
 */
class FaultInjectionTest extends PaymeRouteTestSupport {

    enum Fault {
        HTTP_429(90429, "FAILED", false),
        HTTP_500(90500, "FAILED", true),
        HTTP_503(90503, "FAILED", true),
        SLOW_ANSWER_PAST_THE_TIMEOUT(90408, "FAILED", true),
        CONNECTION_RESET(90104, "FAILED", true),
        BODY_NOT_JSON(90200, "FAILED", true),
        DUPLICATE_1102(91102, "FAILED", true),
        SERIAL_REPEATED_2011(92011, "FAILED", true),
        TRY_AGAIN_LATER_1205(91205, "FAILED", true),
        MAINTENANCE_1100(91100, "FAILED", false),
        PENDING_THEN_PAID(91143, "PAID", false),
        PENDING_FOREVER(90001, "EXPIRED", false);

        final long txamt;
        final String outcome;
        final boolean queryFirst;

        Fault(long txamt, String outcome, boolean queryFirst) {
            this.txamt = txamt;
            this.outcome = outcome;
            this.queryFirst = queryFirst;
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void faultEndsInOneOutcomeWithoutDuplicateOrLiveTwinOrders(Fault fault) {
        String orderId = newOrderId("F");
        NotifyBuilder notificationRouted = notificationRouted();
        template.sendBody("jms:queue:payme.orders", order(orderId, fault.txamt));

        JsonNode outcome = awaitSingleOutcome(orderId, notificationRouted);
        assertThat(outcome.path("outcome").asText()).as(outcome.toString()).isEqualTo(fault.outcome);

        List<ReceivedRequest> payments = paymentsSentFor(orderId);
        List<String> sentIds = payments.stream().map(r -> r.field("out_trade_no")).toList();
        assertThat(sentIds).as("no out_trade_no is ever sent twice").doesNotHaveDuplicates();
        assertThat(sentIds).as("attempts are bounded").isNotEmpty().hasSizeLessThanOrEqualTo(3);

        List<SandboxOrder> created = sandbox().orders().stream()
                .filter(o -> o.outTradeNo().startsWith(orderId + "-")).toList();
        Set<String> handedOut = new HashSet<>();
        if (!outcome.path("pay_url").isMissingNode() && !outcome.path("pay_url").isNull()) {
            handedOut.add(outcome.path("out_trade_no").asText());
        }
        if (fault.outcome.equals("PAID")) {
            handedOut.add(outcome.path("out_trade_no").asText());
        }
        assertThat(created).as("every QFPay order but the handed-out one was never paid")
                .allMatch(o -> handedOut.contains(o.outTradeNo()) || o.status() != SandboxOrder.Status.PAID);
        assertThat(handedOut).hasSizeLessThanOrEqualTo(1);

        if (fault.queryFirst) {
            assertQueriedBeforeTheNextAttempt(orderId, sentIds);
        }
    }

    /** After an attempt with an unknown result, a query for it precedes the next attempt. */
    private void assertQueriedBeforeTheNextAttempt(String orderId, List<String> sentIds) {
        List<ReceivedRequest> trail = sandbox().requests().stream()
                .filter(r -> belongsTo(r, orderId)).toList();
        for (int i = 0; i + 1 < sentIds.size(); i++) {
            String unknown = sentIds.get(i);
            int sent = indexOf(trail, "/trade/v1/payment", unknown);
            int queried = indexOf(trail, "/trade/v1/query", unknown);
            int next = indexOf(trail, "/trade/v1/payment", sentIds.get(i + 1));
            assertThat(queried).as("query of %s", unknown).isGreaterThan(sent).isLessThan(next);
        }
    }

    private static int indexOf(List<ReceivedRequest> trail, String path, String outTradeNo) {
        for (int i = 0; i < trail.size(); i++) {
            if (trail.get(i).path().equals(path) && outTradeNo.equals(trail.get(i).field("out_trade_no"))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean belongsTo(ReceivedRequest request, String orderId) {
        String id = request.field("out_trade_no");
        return id != null && id.startsWith(orderId + "-");
    }

    private JsonNode awaitSingleOutcome(String orderId, NotifyBuilder notificationRouted) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> allOutcomesFor(orderId).size() >= 1);
        awaitPaymentFlowsEnded(orderId, notificationRouted);
        List<JsonNode> outcomes = allOutcomesFor(orderId);
        assertThat(outcomes).as("exactly one outcome").hasSize(1);
        return outcomes.get(0);
    }
}
