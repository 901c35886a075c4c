package dev.camelpayme.pages;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/** An amount as a shopper reads it. */
public final class Amounts {

    private static final Locale DISPLAY = Locale.forLanguageTag("en-HK");

    private Amounts() {
    }

    /** {@code txamt} is in minor units: 2500 HKD reads HK$25.00; no currency means QFPay's default, HKD. */
    public static String display(String txamt, String currencyCode) {
        String code = currencyCode == null || currencyCode.isBlank() ? "HKD" : currencyCode;
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException unknown) {
            return txamt + " " + code;
        }
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        return currency.getSymbol(DISPLAY) + new BigDecimal(txamt).movePointLeft(digits).setScale(digits);
    }
}
