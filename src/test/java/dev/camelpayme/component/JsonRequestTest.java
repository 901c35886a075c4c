package dev.camelpayme.component;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.camelpayme.component.PaymeValidationException.Violation;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An application's own request, read as strictly as payme: reads orders, with every violation list capped. */
class JsonRequestTest {

    static final Set<String> FIELDS = Set.of("order_id", "txamt");

    static CamelContext context;

    @BeforeAll
    static void startContext() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterAll
    static void stopContext() {
        context.stop();
    }

    static JsonRequest read(Object body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        return JsonRequest.read(exchange, "refund request", "refund", FIELDS);
    }

    static PaymeValidationException refusal(Object body) {
        return assertThrows(PaymeValidationException.class, () -> read(body).throwIfAny());
    }

    @Test
    void fieldsAreReadAsTextOrDecimalNumbers() {
        JsonRequest request = read("{\"order_id\":\"A-1\",\"txamt\":300}");

        assertEquals("A-1", request.scalar("order_id"));
        assertEquals("300", request.scalar("txamt"));
        assertNull(request.scalar("refund_id"));
        request.throwIfAny();
    }

    @Test
    void repeatedFieldNameIsRefusedNamingIt() {
        PaymeValidationException e = refusal("{\"order_id\":\"A\",\"txamt\":1,\"txamt\":100000}");

        assertTrue(e.getViolations().contains(new Violation("txamt", RequestInput.DUPLICATE_RULE)),
                e.getViolations()::toString);
        assertEquals("refund request", e.getSubject());
    }

    @ParameterizedTest(name = "trailing {0}")
    @ValueSource(strings = { " x", "{}", "{\"txamt\":2}", ",", "]" })
    void trailingTextIsRefused(String trailing) {
        PaymeValidationException e = refusal("{\"order_id\":\"A\"}" + trailing);

        assertEquals(1, e.getViolations().size());
        assertEquals("body", e.getViolations().get(0).field());
    }

    @Test
    void tenThousandUnknownFieldsGiveACappedList() {
        StringBuilder body = new StringBuilder("{\"order_id\":\"A\"");
        for (int i = 0; i < 10_000; i++) {
            body.append(",\"unknown").append(i).append("\":1");
        }

        PaymeValidationException e = refusal(body.append('}').toString());

        assertEquals(RequestChecks.MAX_VIOLATIONS + 1, e.getViolations().size());
        assertEquals(new Violation("unknown0", "is not a known refund field"), e.getViolations().get(0));
        assertEquals(new Violation("body", "has 9980 more problems that are not listed"), e.getViolations().get(20));
        assertTrue(e.getMessage().length() < 2_000, () -> e.getMessage().length() + " characters");
    }

    @Test
    void checksOfTheApplicationJoinTheSameCappedList() {
        StringBuilder body = new StringBuilder("{\"txamt\":true");
        for (int i = 0; i < 30; i++) {
            body.append(",\"u").append(i).append("\":1");
        }
        JsonRequest request = read(body.append('}').toString());
        assertNull(request.scalar("txamt"));
        request.check(false, "order_id", "is required");

        PaymeValidationException e = assertThrows(PaymeValidationException.class, request::throwIfAny);

        assertEquals(RequestChecks.MAX_VIOLATIONS + 1, e.getViolations().size());
        assertEquals(new Violation("body", "has 12 more problems that are not listed"), e.getViolations().get(20));
    }

    @Test
    void nonScalarValueIsAViolation() {
        JsonRequest request = read(Map.of("order_id", List.of("A")));

        assertNull(request.scalar("order_id"));
        PaymeValidationException e = assertThrows(PaymeValidationException.class, request::throwIfAny);
        assertEquals(List.of(new Violation("order_id", JsonRequest.SCALAR_RULE)), e.getViolations());
    }

    @Test
    void bodyOverTheLimitIsRefusedWithoutReadingItAll() {
        byte[] large = ("{\"order_id\":\"" + "a".repeat(2 * RequestInput.MAX_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);

        PaymeValidationException e = refusal(new ByteArrayInputStream(large));

        assertEquals(List.of(new Violation("body", RequestInput.TOO_LARGE_RULE)), e.getViolations());
    }

    @ParameterizedTest(name = "body [{0}]")
    @ValueSource(strings = { "", "[1]", "\"text\"", "{\"order_id\":", "{'order_id':'A'}" })
    void bodyThatIsNotAJsonObjectIsRefused(String body) {
        PaymeValidationException e = refusal(body);

        assertEquals("body", e.getViolations().get(0).field());
    }
}
