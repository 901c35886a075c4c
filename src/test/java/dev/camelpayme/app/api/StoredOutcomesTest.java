package dev.camelpayme.app.api;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

import dev.camelpayme.app.ErrorAnswers;
import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.RefundStore;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The status API's answers when the store cannot be asked: a fixed 503, never the exception or the request. */
class StoredOutcomesTest {

    /** A data source whose every connection fails, as a lost database's does. */
    private static final DataSource LOST = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
            new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
                throw new SQLException("connection refused: jdbc:lost", "08001");
            });

    private final StoredOutcomes outcomes = new StoredOutcomes(new PaymentStore(LOST, Clock.systemUTC(), 1000),
            new RefundStore(LOST, Clock.systemUTC()));

    @Test
    void aLostStoreIsAnsweredAFixed503ForPaymentsAndRefunds() {
        Exchange payment = request(StoredOutcomes.ORDER_ID, "shop-1");
        Exchange refund = request(StoredOutcomes.REFUND_ID, "shop-1-r1");

        outcomes.payment(payment);
        outcomes.refund(refund);

        for (Exchange answered : new Exchange[] { payment, refund }) {
            assertThat(answered.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
            assertThat(answered.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(ErrorAnswers.assertErrorBody(answered.getMessage().getBody(String.class), 503))
                    .startsWith("Service Unavailable");
            assertThat(answered.getMessage().getHeaders()).containsOnlyKeys(Exchange.HTTP_RESPONSE_CODE,
                    Exchange.CONTENT_TYPE);
            assertThat(answered.getException()).isNull();
        }
    }

    @Test
    void aMalformedIdIsAnswered404WithoutAskingTheStore() {
        Exchange payment = request(StoredOutcomes.ORDER_ID, "../" + "x".repeat(70));

        outcomes.payment(payment);

        assertThat(payment.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(404);
        ErrorAnswers.assertErrorBody(payment.getMessage().getBody(String.class), 404);
    }

    private static Exchange request(String parameter, String id) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(parameter, id);
        exchange.getMessage().setHeader("X-Probe", "probe");
        return exchange;
    }
}
