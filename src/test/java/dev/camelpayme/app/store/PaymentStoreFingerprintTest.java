package dev.camelpayme.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelpayme.app.payment.PaymentEvent;
import dev.camelpayme.app.payment.PaymentState;
import dev.camelpayme.app.store.PaymentStore.Claim;
import dev.camelpayme.app.store.PaymentStore.Row;
import dev.camelpayme.app.store.Transitions.Write;
import dev.camelpayme.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order_id answers only its own content: a claim with other content is a CONFLICT that carries nothing of the
 * order and changes nothing. On the embedded default (H2); {@link PaymentStoreFingerprintPostgresTest} runs the same
 * on PostgreSQL.
 */
public class PaymentStoreFingerprintTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private DataSource database;
    private PaymentStore store;

    /** A fresh, empty database for one test. */
    protected DataSource freshDatabase() throws Exception {
        return TestDatabases.freshH2();
    }

    @BeforeEach
    void createStore() throws Exception {
        database = freshDatabase();
        store = new PaymentStore(database, PaymentStoreTest.fixedClock(now), 30_000);
        store.createSchema();
    }

    /** The signed fields of an attempt of a coffee order, as payme:payment makes them, with some changed. */
    private static String request(String outTradeNo, Map<String, String> changed) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("txamt", "2500");
        fields.put("txcurrcd", "HKD");
        fields.put("pay_type", "805814");
        fields.put("out_trade_no", outTradeNo);
        fields.put("txdtm", "2026-01-01 12:00:00");
        fields.put("goods_name", "Coffee");
        fields.putAll(changed);
        return JSON.writeValueAsString(fields);
    }

    private Claim claim(String orderId, String outTradeNo, Map<String, String> changed) throws Exception {
        return store.claim(orderId, outTradeNo, request(outTradeNo, changed), false, row -> "{\"outcome\":\"PENDING\"}");
    }

    private Row created(String orderId) throws Exception {
        claim(orderId, orderId + "-a", Map.of());
        return store.apply(orderId, PaymentEvent.CREATED_AT_QFPAY, Write.outcome("{\"pay_url\":\"u\"}")).orElseThrow();
    }

    @Test
    void aRepeatWithTheSameContentGetsTheOrderWhateverItsAttemptFields() throws Exception {
        created("f-1");

        Claim repeat = claim("f-1", "f-1-b", Map.of("txdtm", "2026-01-01 12:05:00",
                "notify_url", "https://shop.example/notify"));

        assertThat(repeat.kind()).isEqualTo(Claim.Kind.EXISTING);
        assertThat(repeat.existing().outcome()).isEqualTo("{\"pay_url\":\"u\"}");
    }

    @Test
    void aRepeatWithAnotherAmountCurrencyOrGoodsIsAConflictThatChangesNothing() throws Exception {
        Row before = created("f-2");

        for (Map<String, String> other : List.of(Map.of("txamt", "1"), Map.of("txcurrcd", "CNY"),
                Map.of("goods_name", "Tea"), Map.of("udid", "kiosk-7"), Map.of("return_url", "https://evil.example"),
                Map.of("mchid", "OTHER"), Map.of("expired_time", "10"), Map.of("pay_type", "805812"))) {
            Claim conflict = claim("f-2", "f-2-" + other.keySet().iterator().next(), other);

            assertThat(conflict.kind()).as(other.toString()).isEqualTo(Claim.Kind.CONFLICT);
            assertThat(conflict.existing()).as("nothing of the order is handed out").isNull();
        }
        assertThat(store.find("f-2").orElseThrow()).isEqualTo(before);
        assertThat(store.attemptsOf("f-2")).containsExactly("f-2-a");
    }

    @Test
    void otherContentNeitherWaitsForNorTakesOverAnAttemptInFlight() throws Exception {
        claim("f-3", "f-3-a", Map.of());
        assertThat(claim("f-3", "f-3-b", Map.of("txamt", "1")).kind()).as("while it is sent")
                .isEqualTo(Claim.Kind.CONFLICT);
        now.addAndGet(30_001);

        assertThat(claim("f-3", "f-3-c", Map.of("txamt", "1")).kind()).as("past its lease")
                .isEqualTo(Claim.Kind.CONFLICT);
        assertThat(store.find("f-3").orElseThrow().state()).isEqualTo(PaymentState.IN_FLIGHT);
        assertThat(claim("f-3", "f-3-d", Map.of()).kind()).as("its own content takes it over")
                .isEqualTo(Claim.Kind.TAKEOVER);
    }

    @Test
    void aNewSubmissionOfAnOrderThatEndedUnpaidBringsItsOwnContent() throws Exception {
        claim("f-4", "f-4-a", Map.of());
        Row failed = store.apply("f-4", PaymentEvent.FAILED_AT_QFPAY, Write.outcome("{}")).orElseThrow();
        assertThat(claim("f-4", "f-4-x", Map.of("txamt", "3000")).kind()).as("its outcome is not delivered yet")
                .isEqualTo(Claim.Kind.CONFLICT);
        store.delivered("f-4", failed.version());

        Claim resubmitted = claim("f-4", "f-4-b", Map.of("txamt", "3000"));

        assertThat(resubmitted.kind()).isEqualTo(Claim.Kind.NEW);
        assertThat(claim("f-4", "f-4-c", Map.of()).kind()).as("the first content is no longer the order's")
                .isEqualTo(Claim.Kind.CONFLICT);
        assertThat(claim("f-4", "f-4-d", Map.of("txamt", "3000")).kind()).isEqualTo(Claim.Kind.BUSY);
        assertThat(store.attemptsOf("f-4")).containsExactly("f-4-a", "f-4-b");
    }

    @Test
    void anOrderStoredBeforeFingerprintsIsJudgedByItsLastAttempt() throws Exception {
        created("f-5");
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE payme_order SET fingerprint = NULL WHERE order_id = ?")) {
            s.setString(1, "f-5");
            s.executeUpdate();
        }

        assertThat(claim("f-5", "f-5-b", Map.of("txamt", "1")).kind()).isEqualTo(Claim.Kind.CONFLICT);
        assertThat(claim("f-5", "f-5-c", Map.of()).kind()).isEqualTo(Claim.Kind.EXISTING);
        assertThat(fingerprintOf("f-5")).as("kept from then on").hasSize(64);
    }

    @Test
    void ofConcurrentFirstClaimsWithTwoContentsOneProceedsAndTheOtherContentConflicts() throws Exception {
        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CyclicBarrier start = new CyclicBarrier(callers);
            List<Callable<String>> claims = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String amount = i % 2 == 0 ? "2500" : "1";
                String outTradeNo = "f-6-" + i;
                claims.add(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return amount + ":" + claim("f-6", outTradeNo, Map.of("txamt", amount)).kind();
                });
            }
            List<String> answers = new ArrayList<>();
            for (Future<String> answer : pool.invokeAll(claims)) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
            String winner = answers.stream().filter(a -> a.endsWith(":NEW")).findFirst().orElseThrow();
            String amount = winner.substring(0, winner.indexOf(':'));
            assertThat(answers).as(answers.toString()).filteredOn(a -> a.endsWith(":NEW")).hasSize(1);
            assertThat(answers).filteredOn(a -> a.startsWith(amount + ":")).hasSize(callers / 2)
                    .filteredOn(a -> !a.endsWith(":NEW")).allMatch(a -> a.endsWith(":BUSY"));
            assertThat(answers).filteredOn(a -> !a.startsWith(amount + ":")).hasSize(callers / 2)
                    .allMatch(a -> a.endsWith(":CONFLICT"));
            assertThat(store.attemptsOf("f-6")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private String fingerprintOf(String orderId) throws Exception {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT fingerprint FROM payme_order WHERE order_id = ?")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
