package dev.camelpayme.app.checkout;

import dev.camelpayme.app.payment.OutcomeStatus;

/** What the page says of each status, the same on the first render and after each poll. */
final class CheckoutMessages {

    private CheckoutMessages() {
    }

    static String of(OutcomeStatus status) {
        return switch (status) {
            case CREATED, PENDING -> "Waiting for your payment";
            case PAID -> "Paid. Thank you!";
            case EXPIRED -> "Expired: this payment can no longer be made";
            default -> "This payment did not go through";
        };
    }
}
