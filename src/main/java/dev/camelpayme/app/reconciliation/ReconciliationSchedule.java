package dev.camelpayme.app.reconciliation;

import dev.camelpayme.app.store.ReconciliationDays;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the daily reconciliation runs: at every tick of its timer, once the configured Hong Kong time of day has
 * passed, the previous Hong Kong day is claimed in the store; the one claimant that wins runs it. A restart or
 * another instance finds the day claimed, so the day runs once; a run that failed is claimed again after the retry
 * delay, and one whose instance died after the lease.
 */
public class ReconciliationSchedule {

    /** Exchange variable: the day the timer claimed (set by the timer route from {@link #claimDueDay}'s answer). */
    public static final String DAY = "paymeReconciliationDay";

    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationSchedule.class);

    private final ReconciliationDays days;
    private final Clock clock;
    private final LocalTime at;

    public ReconciliationSchedule(ReconciliationDays days, Clock clock, String at) {
        this.days = days;
        this.clock = clock;
        this.at = timeOfDay(at);
    }

    /** payme.reconciliation.time: HH:mm, Hong Kong time. */
    static LocalTime timeOfDay(String text) {
        try {
            return LocalTime.parse(text.trim());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("Property payme.reconciliation.time must be a time of day HH:mm"
                    + " (Hong Kong time)");
        }
    }

    /** The previous Hong Kong day if it is due and this caller claimed it, else null. */
    public String claimDueDay() throws SQLException {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ReconciliationDay.HONG_KONG));
        if (now.toLocalTime().isBefore(at)) {
            return null;
        }
        LocalDate day = now.toLocalDate().minusDays(1);
        return days.claim(day) ? day.toString() : null;
    }

    /** The claimed day's run ended with its report (the body). */
    public void finished(Exchange exchange) throws SQLException {
        String day = exchange.getVariable(DAY, String.class);
        days.finish(LocalDate.parse(day), true, null);
    }

    /** The claimed day's run failed: it is claimed again after the retry delay. */
    public void failed(Exchange exchange) throws SQLException {
        String day = exchange.getVariable(DAY, String.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        LOG.warn("Reconciliation of {} failed ({}); it is run again later", day, why);
        days.finish(LocalDate.parse(day), false, why);
    }
}
