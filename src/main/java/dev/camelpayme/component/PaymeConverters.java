package dev.camelpayme.component;

import org.apache.camel.Converter;

/**
 * Type conversions for option values, so that {@code sign-type=sha-256} works and a wrong value is reported with the
 * allowed values rather than Camel's generic enum message.
 */
@Converter(generateLoader = true)
public final class PaymeConverters {

    private PaymeConverters() {
    }

    @Converter
    public static SignType toSignType(String value) {
        return SignType.fromOption(value);
    }
}
