package dev.camelpayme.testkit;

/**
 * A payment the sandbox's shopper has paid ({@link PaymeSandboxExtension#pay(String)}).
 *
 * @param outTradeNo the {@code out_trade_no} the route sent
 * @param syssn      the sandbox's transaction number
 * @param txamt      the amount in minor units
 * @param txcurrcd   the currency
 */
public record PaidOrder(String outTradeNo, String syssn, long txamt, String txcurrcd) {
}
