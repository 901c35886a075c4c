package dev.camelpayme.app.payment;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.camelpayme.app.store.PaymentStore;
import dev.camelpayme.app.store.PaymentStoreTest;
import dev.camelpayme.testing.TestDatabases;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracker's deadline pass, on a real store: each CREATED order's deadline is worked out once (its attempt's
 * request read and parsed), not at every cycle of the half hour it may stay CREATED, and the orders past it expire.
 */
class PaymentTrackerTest {

    private static final long GRACE = 60_000;
    private static final long DEFAULT_DEADLINE = 35 * 60_000;
    private static final DateTimeFormatter TXDTM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Hong_Kong"));

    private final AtomicLong now = new AtomicLong(1_790_000_000_000L);
    private final AtomicInteger requestsRead = new AtomicInteger();
    private PaymentStore store;
    private PaymentTracker tracker;

    @BeforeEach
    void storeWithTrackerCountingTheRequestsItReads() throws Exception {
        Clock clock = PaymentStoreTest.fixedClock(now);
        store = new PaymentStore(TestDatabases.freshH2(), clock, 30_000) {
            @Override
            public Optional<String> requestOf(String outTradeNo) throws SQLException {
                requestsRead.incrementAndGet();
                return super.requestOf(outTradeNo);
            }
        };
        store.createSchema();
        tracker = new PaymentTracker(store, clock, DEFAULT_DEADLINE, GRACE, "0000", "1181");
    }

    @Test
    void eachOrdersDeadlineIsReadOnceAndTheOrdersPastItExpire() throws Exception {
        created("five-minutes", "{\"txamt\":\"100\",\"expired_time\":\"5\"}");
        created("default-1", "{\"txamt\":\"100\"}");
        created("default-2", "{\"txamt\":\"200\"}");

        assertThat(tracker.overdue()).isEmpty();
        assertThat(tracker.overdue()).isEmpty();
        assertThat(requestsRead).as("three orders, read in the first pass only").hasValue(3);

        now.addAndGet(5 * 60_000 + GRACE + 1_000);
        List<Map<String, Object>> expired = tracker.overdue();

        assertThat(expired).extracting(settled -> settled.get("orderId")).containsExactly("five-minutes");
        assertThat(store.find("five-minutes").orElseThrow().state()).isEqualTo(PaymentState.EXPIRED);
        assertThat(requestsRead).hasValue(3);

        now.addAndGet(DEFAULT_DEADLINE);
        assertThat(tracker.overdue()).extracting(settled -> settled.get("orderId"))
                .containsExactlyInAnyOrder("default-1", "default-2");
        assertThat(requestsRead).hasValue(3);
    }

    @Test
    void moreCreatedOrdersThanACycleTakesAreEachAskedAboutInTurn() throws Exception {
        PaymentTracker threePerCycle = new PaymentTracker(store, PaymentStoreTest.fixedClock(now), DEFAULT_DEADLINE,
                GRACE, "0000", "1181", 3);
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            created("paged-" + i, "{\"txamt\":\"100\"}");
            all.add("syssn-paged-" + i);
        }

        List<List<String>> cycles = new ArrayList<>();
        for (int cycle = 0; cycle < 3; cycle++) {
            cycles.add(syssnsAskedIn(threePerCycle));
            threePerCycle.overdue();
        }

        assertThat(cycles).allSatisfy(asked -> assertThat(asked).hasSize(3));
        assertThat(cycles.stream().flatMap(List::stream).distinct()).as("every order within three cycles")
                .containsExactlyInAnyOrderElementsOf(all);
        assertThat(cycles.get(0)).containsExactly("syssn-paged-1", "syssn-paged-2", "syssn-paged-3");
        assertThat(cycles.get(2)).as("the newest, then on from the oldest")
                .containsExactly("syssn-paged-7", "syssn-paged-1", "syssn-paged-2");
    }

    private static List<String> syssnsAskedIn(PaymentTracker tracker) throws SQLException {
        List<String> asked = new ArrayList<>();
        for (Map<String, Object> query : tracker.queries(new DefaultExchange(new DefaultCamelContext()))) {
            asked.addAll(List.of(String.valueOf(query.get("syssn")).split(",")));
        }
        return asked;
    }

    private void created(String orderId, String request) throws SQLException {
        PaymentStore.Row claimed = store.claim(orderId, orderId + "-a", request, false, row -> "{}").existing();
        PaymentOutcome outcome = new PaymentOutcome();
        outcome.setOrderId(orderId);
        outcome.setOutTradeNo(orderId + "-a");
        outcome.setOutcome(OutcomeStatus.CREATED);
        outcome.setSyssn("syssn-" + orderId);
        outcome.setTxdtm(TXDTM.format(Instant.ofEpochMilli(now.get())));
        store.apply(orderId, PaymentEvent.CREATED_AT_QFPAY, PaymentFlow.stored(outcome).ifVersion(claimed.version()))
                .orElseThrow();
    }
}
