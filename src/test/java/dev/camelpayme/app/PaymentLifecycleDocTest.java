package dev.camelpayme.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelpayme.app.payment.PaymentEvent;
import dev.camelpayme.app.refund.RefundEvent;
import dev.camelpayme.app.store.LifecycleEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's life-cycle diagrams show exactly the transitions of the tables in code, no more, no fewer. */
class PaymentLifecycleDocTest {

    private static final Pattern TRANSITION = Pattern.compile("^\\s*(\\S+) --> (\\S+) : (\\S+)\\s*$", Pattern.MULTILINE);

    @Test
    void thePaymentDiagramIsThePaymentEventTable() throws Exception {
        assertThat(diagram("payment-lifecycle")).isEqualTo(transitionsOf(PaymentEvent.values()));
    }

    @Test
    void theRefundDiagramIsTheRefundEventTable() throws Exception {
        assertThat(diagram("refund-lifecycle")).isEqualTo(transitionsOf(RefundEvent.values()));
    }

    /** Every (from, to, event) of a table; the event that creates a row starts from [*], as in a state diagram. */
    private static Set<String> transitionsOf(LifecycleEvent<?>[] events) {
        Set<String> transitions = new TreeSet<>();
        for (LifecycleEvent<?> event : events) {
            if (event.from().isEmpty()) {
                transitions.add("[*] --> " + event.to() + " : " + event.name());
            }
            event.from().forEach(from -> transitions.add(from + " --> " + event.to() + " : " + event.name()));
        }
        return transitions;
    }

    private static Set<String> diagram(String marker) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("<!-- " + marker + " -->");
        int end = readme.indexOf("<!-- /" + marker + " -->");
        assertThat(start).as("the README marks the diagram " + marker).isNotNegative().isLessThan(end);
        Set<String> transitions = new TreeSet<>();
        Matcher line = TRANSITION.matcher(readme.substring(start, end));
        while (line.find()) {
            transitions.add(line.group(1) + " --> " + line.group(2) + " : " + line.group(3));
        }
        return transitions;
    }
}
