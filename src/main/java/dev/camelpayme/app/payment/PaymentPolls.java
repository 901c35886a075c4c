package dev.camelpayme.app.payment;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.camelpayme.app.FlowVariables;
import dev.camelpayme.app.PaymeJson;
import dev.camelpayme.app.TransportHeaders;
import dev.camelpayme.app.qfpay.QfpayAnswers;
import dev.camelpayme.component.PaymeConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Poll state of the retry-query path. A pending order travels as a JMS message whose body is its interim outcome
 * and whose headers carry the attempt count, the deadline and the delay before the next query. Between two queries
 * the broker holds the message, so no thread waits and a restart does not forget the order.
 */
public class PaymentPolls {

    /** JMS properties of a parked poll (plain identifiers: JMS property names must be Java identifiers). */
    public static final String ATTEMPT_HEADER = "PaymePollAttempt";
    public static final String DEADLINE_HEADER = "PaymePollDeadline";
    public static final String DELAY_HEADER = "PaymePollDelay";

    private final long intervalMillis;
    private final double backoffMultiplier;
    private final long maxIntervalMillis;
    private final long deadlineMillis;
    private final Clock clock;

    public PaymentPolls(long intervalMillis, double backoffMultiplier, long maxIntervalMillis, long deadlineMillis,
                        Clock clock) {
        if (intervalMillis <= 0 || backoffMultiplier < 1.0 || maxIntervalMillis < intervalMillis || deadlineMillis <= 0) {
            throw new IllegalArgumentException("payme.retry.*: interval-ms and deadline-ms must be positive, "
                    + "backoff-multiplier at least 1.0 and max-interval-ms at least interval-ms");
        }
        this.intervalMillis = intervalMillis;
        this.backoffMultiplier = backoffMultiplier;
        this.maxIntervalMillis = maxIntervalMillis;
        this.deadlineMillis = deadlineMillis;
        this.clock = clock;
    }

    /** Prepares the first poll of an order that just answered pending; the body (its interim outcome) is kept. */
    public void firstPoll(Exchange exchange) {
        park(exchange, 1, clock.millis() + deadlineMillis);
    }

    /** Unpacks a parked poll: the outcome goes to a variable, the body becomes the query of that order. */
    public void resume(Exchange exchange) {
        Message message = exchange.getMessage();
        PaymentOutcome outcome = PaymeJson.read(message.getBody(String.class), PaymentOutcome.class);
        exchange.setVariable(FlowVariables.OUTCOME, outcome);
        exchange.setVariable(FlowVariables.POLL_ATTEMPT, message.getHeader(ATTEMPT_HEADER, 1, Integer.class));
        exchange.setVariable(FlowVariables.POLL_DEADLINE, message.getHeader(DEADLINE_HEADER, 0L, Long.class));
        exchange.setVariable(FlowVariables.VERSION, message.getHeader(PaymentFlow.VERSION_HEADER, -1, Integer.class));
        // JMS properties must not become HTTP headers of the query call
        TransportHeaders.clear(message);
        outcome.setQueries(outcome.getQueries() + 1);

        Map<String, Object> query = new LinkedHashMap<>();
        if (outcome.getSyssn() != null) {
            query.put("syssn", outcome.getSyssn());
        } else {
            query.put("out_trade_no", outcome.getOutTradeNo());
            // the query window is placed around the order's own time (reference section 4.6)
            message.setHeader(PaymeConstants.TXDTM, outcome.getTxdtm());
        }
        message.setBody(query);
    }

    public boolean deadlinePassed(Exchange exchange) {
        return clock.millis() >= exchange.getVariable(FlowVariables.POLL_DEADLINE, 0L, Long.class);
    }

    /** Parks the order again with a longer delay, never past its deadline. */
    public void nextPoll(Exchange exchange) {
        int attempt = exchange.getVariable(FlowVariables.POLL_ATTEMPT, 1, Integer.class) + 1;
        long deadline = exchange.getVariable(FlowVariables.POLL_DEADLINE, 0L, Long.class);
        exchange.getMessage().setBody(PaymeJson.write(QfpayAnswers.outcomeOf(exchange)));
        park(exchange, attempt, deadline);
    }

    long delayBefore(int attempt) {
        double delay = intervalMillis * Math.pow(backoffMultiplier, attempt - 1);
        return (long) Math.min(delay, maxIntervalMillis);
    }

    private void park(Exchange exchange, int attempt, long deadline) {
        // rounded up to whole intervals: the last poll is at most one interval past the deadline
        long untilDeadline = Math.max(0, deadline - clock.millis());
        long untilDeadlineRounded = (untilDeadline + intervalMillis - 1) / intervalMillis * intervalMillis;
        Message message = exchange.getMessage();
        TransportHeaders.clear(message);
        message.setHeader(ATTEMPT_HEADER, attempt);
        message.setHeader(DEADLINE_HEADER, deadline);
        message.setHeader(DELAY_HEADER, Math.min(delayBefore(attempt), untilDeadlineRounded));
    }
}
