package dev.camelpayme.component;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A blank mchid (an empty property or environment variable) means none was assigned: it is not sent. */
class BlankMchidTest extends CamelTestSupport {

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        PaymeComponent payme = new PaymeComponent();
        payme.getConfiguration().setAppCode("APP");
        payme.getConfiguration().setClientKey("KEY-0123456789");
        payme.getConfiguration().setMchid("  ");
        context.addComponent("payme", payme);
        return context;
    }

    @Test
    void blankMchidIsNotSent() {
        Exchange out = template.request("payme:payment", e -> e.getMessage().setBody("{\"order_id\":\"m-1\",\"txamt\":300}"));

        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class)).doesNotContainKey("mchid");
    }
}
