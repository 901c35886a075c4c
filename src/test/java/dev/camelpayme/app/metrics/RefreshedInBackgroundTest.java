package dev.camelpayme.app.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A gauge's value is learnt in the background: a read never waits for a slow source, and asks it once at a time. */
class RefreshedInBackgroundTest {

    @Test
    void aReadNeverWaitsForTheSourceAndShowsWhatItLearntOnceItAnswers() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        RefreshedInBackground<Double> depth = new RefreshedInBackground<>("test", () -> {
            asked.incrementAndGet();
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 3.0;
        }, Double.NaN, Clock.systemUTC(), 60_000);

        long before = System.nanoTime();
        double first = depth.get();
        double second = depth.get();

        assertThat((System.nanoTime() - before) / 1_000_000).as("ms the reads took").isLessThan(500);
        assertThat(first).isNaN();
        assertThat(second).isNaN();
        answer.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> depth.get() == 3.0);
        assertThat(asked).as("asked once: the value is fresh for a minute").hasValue(1);
    }
}
