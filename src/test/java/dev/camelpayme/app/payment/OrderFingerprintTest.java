package dev.camelpayme.app.payment;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which fields make an order's content: every signed field but those made afresh per attempt, and notify_url. */
class OrderFingerprintTest {

    private static final Map<String, String> COFFEE = Map.of("txamt", "2500", "txcurrcd", "HKD", "pay_type", "805814",
            "goods_name", "Coffee", "out_trade_no", "A-1-x", "txdtm", "2026-01-01 12:00:00");

    private static Map<String, String> coffeeWith(String field, String value) {
        Map<String, String> fields = new LinkedHashMap<>(COFFEE);
        fields.put(field, value);
        return fields;
    }

    @Test
    void attemptFieldsAndNotifyUrlAreNotContent() {
        String coffee = OrderFingerprint.of("A-1", COFFEE);

        assertThat(OrderFingerprint.of("A-1", coffeeWith("out_trade_no", "A-1-y"))).isEqualTo(coffee);
        assertThat(OrderFingerprint.of("A-1", coffeeWith("txdtm", "2026-01-01 12:09:00"))).isEqualTo(coffee);
        assertThat(OrderFingerprint.of("A-1", coffeeWith("notify_url", "https://shop.example/n"))).isEqualTo(coffee);
        assertThat(coffee).matches("[0-9a-f]{64}");
    }

    @Test
    void everyOtherSignedFieldAndTheOrderIdAreContent() {
        String coffee = OrderFingerprint.of("A-1", COFFEE);

        assertThat(OrderFingerprint.of("A-2", COFFEE)).isNotEqualTo(coffee);
        for (String field : new String[] { "txamt", "txcurrcd", "pay_type", "goods_name", "expired_time", "udid",
                "return_url", "mchid", "a_field_added_later" }) {
            assertThat(OrderFingerprint.of("A-1", coffeeWith(field, "9"))).as(field).isNotEqualTo(coffee);
        }
    }

    @Test
    void theRecordedRequestGivesTheSameFingerprint() {
        assertThat(OrderFingerprint.ofRecorded("A-1", "{\"txdtm\":\"2026-01-02 00:00:00\",\"txamt\":\"2500\","
                + "\"goods_name\":\"Coffee\",\"pay_type\":\"805814\",\"txcurrcd\":\"HKD\",\"out_trade_no\":\"A-1-z\"}"))
                .contains(OrderFingerprint.of("A-1", COFFEE));
        assertThat(OrderFingerprint.ofRecorded("A-1", "not json")).isEmpty();
    }
}
