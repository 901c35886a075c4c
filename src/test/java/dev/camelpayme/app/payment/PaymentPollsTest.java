package dev.camelpayme.app.payment;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.camelpayme.app.FlowVariables;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentPollsTest {

    private final Clock clock = Clock.fixed(Instant.parse("2025-01-01T04:00:00Z"), ZoneOffset.UTC);
    private final PaymentPolls polls = new PaymentPolls(1000, 2.0, 5000, 60_000, clock);

    @Test
    void delayGrowsByTheMultiplierUpToTheMaximum() {
        assertThat(polls.delayBefore(1)).isEqualTo(1000);
        assertThat(polls.delayBefore(2)).isEqualTo(2000);
        assertThat(polls.delayBefore(3)).isEqualTo(4000);
        assertThat(polls.delayBefore(4)).isEqualTo(5000);
        assertThat(polls.delayBefore(40)).isEqualTo(5000);
    }

    @Test
    void firstPollCarriesAttemptDeadlineAndDelay() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("Content-Type", "text/plain");

        polls.firstPoll(exchange);

        assertThat(exchange.getMessage().getHeaders()).containsOnlyKeys(PaymentPolls.ATTEMPT_HEADER,
                PaymentPolls.DEADLINE_HEADER, PaymentPolls.DELAY_HEADER);
        assertThat(exchange.getMessage().getHeader(PaymentPolls.DEADLINE_HEADER)).isEqualTo(clock.millis() + 60_000);
        assertThat(exchange.getMessage().getHeader(PaymentPolls.DELAY_HEADER)).isEqualTo(1000L);
    }

    @Test
    void thePollNeverWaitsPastTheDeadline() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setVariable(FlowVariables.POLL_ATTEMPT, 10);
        exchange.setVariable(FlowVariables.POLL_DEADLINE, clock.millis() + 1500);
        exchange.setVariable(FlowVariables.OUTCOME, new PaymentOutcome());

        polls.nextPoll(exchange);

        assertThat(exchange.getMessage().getHeader(PaymentPolls.DELAY_HEADER, Long.class)).isEqualTo(2000L);
        assertThat(exchange.getMessage().getHeader(PaymentPolls.ATTEMPT_HEADER)).isEqualTo(11);
        assertThat(polls.deadlinePassed(exchange)).isFalse();
        exchange.setVariable(FlowVariables.POLL_DEADLINE, clock.millis());
        assertThat(polls.deadlinePassed(exchange)).isTrue();
    }

    @Test
    void settingsThatCouldPollForeverAreRefused() {
        assertThatThrownBy(() -> new PaymentPolls(1000, 0.5, 5000, 60_000, clock))
                .hasMessageContaining("backoff-multiplier");
        assertThatThrownBy(() -> new PaymentPolls(1000, 1.5, 5000, 0, clock)).hasMessageContaining("deadline-ms");
    }
}
