package dev.camelpayme.component;

import java.util.Locale;

/**
 * Hash used for the request signature (reference §2.1). MD5 is what every QFPay sample uses; SHA256 is recommended by
 * the docs and announced to QFPay with the header {@code X-QF-SIGNTYPE: SHA256}.
 */
public enum SignType {

    MD5("MD5"),
    SHA256("SHA-256");

    private final String algorithm;

    SignType(String algorithm) {
        this.algorithm = algorithm;
    }

    /** The {@link java.security.MessageDigest} algorithm name. */
    public String algorithm() {
        return algorithm;
    }

    /**
     * Parses an option value leniently ({@code md5}, {@code SHA256}, {@code sha-256}).
     *
     * @throws IllegalArgumentException naming the allowed values; the rejected value is not echoed
     */
    public static SignType fromOption(String value) {
        if (value != null) {
            String normalised = value.trim().toUpperCase(Locale.ROOT).replace("-", "");
            for (SignType type : values()) {
                if (type.name().equals(normalised)) {
                    return type;
                }
            }
        }
        throw new IllegalArgumentException(
                "PayMe option signType (camel.component.payme.sign-type) must be one of MD5, SHA256");
    }
}
