package dev.camelpayme.app.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelpayme.testing.TestDatabases;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Camel contexts, as two instances, each with its own PostgresLeadership on one PostgreSQL and the same
 * master: timer: only the leader's timer runs, and leadership moves when the leader stops or loses its connection.
 * Runs when PAYME_TEST_POSTGRES_URL is set (.ci/run sets it).
 */
@EnabledIfEnvironmentVariable(named = "PAYME_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresLeadershipOnPostgresTest {

    private static final String URL = System.getenv(TestDatabases.POSTGRES_URL);
    private final List<CamelContext> contexts = new ArrayList<>();

    @AfterEach
    void stopContexts() {
        contexts.forEach(CamelContext::stop);
    }

    /** An instance: a context whose master: timer counts its ticks, led through the advisory lock. */
    private Instance instance(String name) throws Exception {
        CamelContext context = new DefaultCamelContext();
        PostgresLeadership leadership = new PostgresLeadership(name, () -> DriverManager.getConnection(URL), 100);
        context.addService(leadership, true, true);
        AtomicInteger ticks = new AtomicInteger();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:leadership-test:timer:tick?period=20").process(e -> ticks.incrementAndGet());
            }
        });
        context.start();
        contexts.add(context);
        Instance instance = new Instance(context, leadership, ticks, new CopyOnWriteArrayList<>());
        leadership.getView("leadership-test").addEventListener((CamelClusterEventListener.Leadership)
                (view, leader) -> instance.events().add(view.getLocalMember().isLeader() ? "leads" : "follows"));
        return instance;
    }

    private record Instance(CamelContext context, PostgresLeadership leadership, AtomicInteger ticks,
                            List<String> events) {
        boolean leads() {
            return leadership.isLeader("leadership-test");
        }
    }

    @Test
    void onlyTheLeadersTimerRunsAndTheOtherTakesOverWhenTheLeaderStops() throws Exception {
        Instance a = instance("a");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.ticks().get() > 0);
        Instance b = instance("b");
        // b has tried the lock many times (every 100 ms) while a's timer ticked 20 times more
        int aTicks = a.ticks().get();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.ticks().get() > aTicks + 20);
        assertThat(b.ticks().get()).as("ticks of the instance that does not lead").isZero();
        assertThat(b.leads()).isFalse();

        a.context().stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.ticks().get() > 0);
        assertThat(b.leads()).isTrue();
    }

    @Test
    void aLeaderWhoseConnectionIsClosedGivesUpAndTheOtherTakesOver() throws Exception {
        Instance a = instance("a");
        await().atMost(Duration.ofSeconds(10)).until(a::leads);
        Instance b = instance("b");

        // what PostgreSQL does when the leader's process dies: its session ends, and the lock with it
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> a.events().contains("follows"));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.leads() || b.leads());
        assertThat(a.leads() && b.leads()).as("both lead").isFalse();
        assertThat(a.events()).as("a's leadership as its listener heard it").containsSubsequence("leads", "follows");
        // whoever leads now, the other's master: timer is stopped: two seconds on, only one timer ticks
        Instance leader = a.leads() ? a : b;
        Instance follower = leader == a ? b : a;
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.ticks().get() > 0);
        int followerTicks = follower.ticks().get();
        int leaderTicks = leader.ticks().get();
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.ticks().get() > leaderTicks + 100);
        assertThat(follower.ticks().get()).as("ticks of the instance that lost the lead").isEqualTo(followerTicks);
    }
}
