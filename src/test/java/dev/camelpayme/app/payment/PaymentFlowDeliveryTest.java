package dev.camelpayme.app.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import dev.camelpayme.app.FlowVariables;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.PaymentStore.Claim;
import dev.camelpayme.app.store.PaymentStore.Row;
import dev.camelpayme.app.store.Transitions.Write;
import dev.camelpayme.testing.TestDatabases;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller that hears an order FAILED may submit it again at once: the delivered mark that allows the resubmission
 * must already be written when the flow hands the outcome back, not queued for the background writer.
 */
class PaymentFlowDeliveryTest {

    private PaymentStore store;
    private PaymentFlow flow;

    @BeforeEach
    void createFlow() throws Exception {
        store = new PaymentStore(TestDatabases.freshH2(), Clock.systemUTC(), 30_000);
        store.createSchema();
        flow = new PaymentFlow(store, Clock.systemUTC(), 3, 2_000, 60_000, 2_000, 5);
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void aFailedOrderMayBeSubmittedAgainTheMomentItsOutcomeIsDelivered() throws Exception {
        // many orders: the background writer would have to win every race for a queued mark to pass this
        for (int i = 0; i < 50; i++) {
            String orderId = "failed-" + i;
            claim(orderId, orderId + "-a");
            Row failed = store.apply(orderId, PaymentEvent.FAILED_AT_QFPAY, Write.outcome("{}")).orElseThrow();

            flow.delivered(exchangeDelivering(orderId, OutcomeStatus.FAILED, failed.version()));

            Claim again = claim(orderId, orderId + "-b");
            assertThat(again.kind()).as("resubmission of %s", orderId).isEqualTo(Claim.Kind.NEW);
        }
    }

    @Test
    void aCreatedOutcomeIsMarkedDeliveredSoonInTheBackground() throws Exception {
        claim("created-1", "created-1-a");
        Row created = store.apply("created-1", PaymentEvent.CREATED_AT_QFPAY, Write.outcome("{}")).orElseThrow();

        flow.delivered(exchangeDelivering("created-1", OutcomeStatus.CREATED, created.version()));
        store.close();

        assertThat(store.find("created-1").orElseThrow().delivered()).isTrue();
    }

    private Claim claim(String orderId, String outTradeNo) throws Exception {
        return store.claim(orderId, outTradeNo, "{\"txamt\":\"100\"}", false, row -> "{\"outcome\":\"PENDING\"}");
    }

    private static Exchange exchangeDelivering(String orderId, OutcomeStatus status, int version) {
        PaymentOutcome outcome = new PaymentOutcome();
        outcome.setOrderId(orderId);
        outcome.setOutcome(status);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setVariable(FlowVariables.OUTCOME, outcome);
        exchange.setVariable(FlowVariables.VERSION, version);
        exchange.getMessage().setBody(PaymeJson.write(outcome));
        return exchange;
    }
}
