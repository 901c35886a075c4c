package dev.camelpayme.app.reconciliation;

/** A reconciliation could not read QFPay's records of its day: nothing was concluded, it is run again later. */
public class ReconciliationFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReconciliationFailedException(String message) {
        super(message);
    }
}
