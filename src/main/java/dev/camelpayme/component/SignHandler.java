package dev.camelpayme.component;

import java.util.Map;

import org.apache.camel.Exchange;

/**
 * {@code payme:sign}: signs whatever flat form fields the body holds, for QFPay endpoints this component has no
 * dedicated operation for. Adds nothing (not even mchid, which some endpoints must not receive); null and empty values
 * are dropped; nested objects and lists are rejected.
 */
final class SignHandler extends SigningHandler {

    SignHandler(PaymeConfiguration configuration) {
        super(configuration);
    }

    @Override
    String subject() {
        return "sign request";
    }

    @Override
    Prepared prepare(Exchange exchange) {
        RequestChecks checks = newChecks();
        Map<String, Object> input = RequestInput.fields(exchange, checks);
        checks.throwIfAny();
        if (input.values().stream().allMatch(v -> v == null || (v instanceof CharSequence cs && cs.isEmpty()))) {
            checks.add(RequestInput.BODY, "must contain at least one non-empty form field");
        }
        checks.throwIfAny();
        // names, nesting, control characters and the key are checked by the signer, all violations at once
        return new Prepared(input, Map.of());
    }
}
