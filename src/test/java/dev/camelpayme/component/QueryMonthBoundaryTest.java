package dev.camelpayme.component;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.camelpayme.component.PaymeSignerTest.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * QFPay searches one calendar month per query call, on its own sysdtm, which can fall in the month after the order's
 * txdtm. payme:query signs the part of the window in txdtm's month and hands out the adjacent month's part in
 * {@link PaymeConstants#QUERY_SECOND_WINDOW}, for a second call; in mid-month there is one call only.
 */
class QueryMonthBoundaryTest extends CamelTestSupport {

    /** 2025-01-31 15:59:58 UTC = 2025-01-31 23:59:58 in Hong Kong = 10:59:58 in New York, mid-day there. */
    static final Instant LAST_SECONDS_OF_JANUARY_IN_HONG_KONG = Instant.parse("2025-01-31T15:59:58Z");

    private static TimeZone originalZone;

    @BeforeAll
    static void runInAnotherZone() {
        // the month boundary is Hong Kong's, whatever the JVM's zone is
        originalZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    }

    @AfterAll
    static void restoreZone() {
        TimeZone.setDefault(originalZone);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camelContext = super.createCamelContext();
        PaymeComponent payme = new PaymeComponent();
        payme.getConfiguration().setAppCode("APP");
        payme.getConfiguration().setClientKey(KEY);
        payme.getConfiguration().setClock(Clock.fixed(LAST_SECONDS_OF_JANUARY_IN_HONG_KONG, ZoneOffset.UTC));
        camelContext.addComponent("payme", payme);
        return camelContext;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:query").to("payme:query");
            }
        };
    }

    @Test
    void anOrderSentInAMonthsLastSecondsIsAlsoSearchedInTheNextMonth() {
        Exchange out = query(Map.of("out_trade_no", "ORDER-1-abc"), "2025-01-31 23:59:58");

        assertEquals("2025-01-31 22:59:58", signedField(out, "start_time"));
        assertEquals("2025-01-31 23:59:59", signedField(out, "end_time"));
        assertEquals(Map.of("start_time", "2025-02-01 00:00:00", "end_time", "2025-02-01 23:59:58"),
                secondWindow(out));
    }

    @Test
    void anOrderInMidMonthIsSearchedWithOneCall() {
        Exchange out = query(Map.of("out_trade_no", "ORDER-1-abc"), "2025-01-15 10:00:00");

        assertEquals("2025-01-15 09:00:00", signedField(out, "start_time"));
        assertEquals("2025-01-16 10:00:00", signedField(out, "end_time"));
        assertNull(secondWindow(out));
    }

    @Test
    void anOrderInAMonthsFirstMinutesIsAlsoSearchedInThePreviousMonth() {
        Exchange out = query(Map.of("out_trade_no", "ORDER-1-abc"), "2025-03-01 00:20:00");

        assertEquals("2025-03-01 00:00:00", signedField(out, "start_time"));
        assertEquals("2025-03-02 00:20:00", signedField(out, "end_time"));
        assertEquals(Map.of("start_time", "2025-02-28 23:20:00", "end_time", "2025-02-28 23:59:59"),
                secondWindow(out));
    }

    @Test
    void theSecondWindowCrossesTheYearEnd() {
        Exchange out = query(Map.of("out_trade_no", "ORDER-1-abc"), "2024-12-31 23:59:58");

        assertEquals("2024-12-31 23:59:59", signedField(out, "end_time"));
        assertEquals(Map.of("start_time", "2025-01-01 00:00:00", "end_time", "2025-01-01 23:59:58"),
                secondWindow(out));
    }

    @Test
    void withoutAnOrderTimeTheWindowIsAroundNowInHongKongNotInTheJvmsZone() {
        Exchange out = query(Map.of("out_trade_no", "ORDER-1-abc"), null);

        assertEquals("2025-01-31 22:59:58", signedField(out, "start_time"));
        assertEquals(Map.of("start_time", "2025-02-01 00:00:00", "end_time", "2025-02-01 23:59:58"),
                secondWindow(out));
    }

    @Test
    void theSecondCallIsTheSameQueryWithinTheNextMonthAndAsksForNoThirdCall() {
        Exchange first = query(Map.of("out_trade_no", "ORDER-1-abc", "page_size", "100"), "2025-01-31 23:59:58");
        Map<String, Object> again = new LinkedHashMap<>(signedFields(first));
        again.putAll(secondWindow(first));

        Exchange second = query(again, "2025-01-31 23:59:58");

        assertEquals(Map.of("out_trade_no", "ORDER-1-abc", "page_size", "100",
                "start_time", "2025-02-01 00:00:00", "end_time", "2025-02-01 23:59:58"), signedFields(second));
        assertNull(secondWindow(second));
    }

    @Test
    void aQueryBySyssnHasNoWindowAndNoSecondCall() {
        Exchange out = query(Map.of("syssn", "20250131000300020000000001"), "2025-01-31 23:59:58");

        assertEquals(Map.of("syssn", "20250131000300020000000001"), signedFields(out));
        assertNull(secondWindow(out));
    }

    private Exchange query(Map<String, Object> body, String txdtm) {
        Exchange out = template.request("direct:query", e -> {
            e.getMessage().setBody(body);
            if (txdtm != null) {
                e.getMessage().setHeader(PaymeConstants.TXDTM, txdtm);
            }
            // left over from an earlier query on the same exchange: must be replaced, never kept
            e.getMessage().setHeader(PaymeConstants.QUERY_SECOND_WINDOW, Map.of("start_time", "stale"));
        });
        if (out.getException() != null) {
            throw new AssertionError(out.getException());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> signedFields(Exchange out) {
        return out.getMessage().getHeader(PaymeConstants.REQUEST_FIELDS, Map.class);
    }

    private static String signedField(Exchange out, String name) {
        return signedFields(out).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> secondWindow(Exchange out) {
        return out.getMessage().getHeader(PaymeConstants.QUERY_SECOND_WINDOW, Map.class);
    }
}
