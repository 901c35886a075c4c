package dev.camelpayme.app.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A probe that hangs never holds its caller longer than the quick wait, and counts as lost past its timeout. */
class BoundedProbeTest {

    @Test
    void aHangingProbeAnswersWithTheLastResultThenAsLostAndNeverPilesUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        BoundedProbe probe = new BoundedProbe("test", () -> {
            if (started.incrementAndGet() > 1) {
                release.await();
            }
        }, Duration.ofMillis(2_000));
        assertThat(probe.check()).as("a quick probe answers at once").isEmpty();

        long before = System.nanoTime();
        Optional<String> whileHanging = probe.check();
        long waitedMillis = (System.nanoTime() - before) / 1_000_000;

        assertThat(whileHanging).as("the last finished probe's result").isEmpty();
        assertThat(waitedMillis).as("held no longer than the quick wait").isLessThan(
                BoundedProbe.QUICK_WAIT.toMillis() + 300);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> probe.check().filter(why -> why.startsWith("no answer within 2000 ms")).isPresent());
        assertThat(started).as("one hanging probe at a time").hasValue(2);
        release.countDown();
    }
}
