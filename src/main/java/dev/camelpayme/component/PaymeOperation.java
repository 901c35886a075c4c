package dev.camelpayme.component;

/** What a {@code payme:} endpoint does. None of them performs network I/O. */
public enum PaymeOperation {

    /** Validate an order and sign a {@code /trade/v1/payment} request. */
    payment,
    /** Sign a {@code /trade/v1/query} request, adding a one-month time window when querying by out_trade_no. */
    query,
    /** Validate and sign a {@code /trade/v1/refund} request. */
    refund,
    /** Sign arbitrary flat form fields. */
    sign,
    /** Verify an asynchronous notification and parse it. */
    notification
}
