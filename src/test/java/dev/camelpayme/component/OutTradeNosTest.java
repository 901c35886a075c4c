package dev.camelpayme.component;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutTradeNosTest {

    static final Clock FIXED = Clock.fixed(Instant.parse("2025-01-01T04:00:00Z"), ZoneOffset.UTC);

    @Test
    void outTradeNoIsOrderIdDashBase36MillisAndFourRandomCharacters() {
        String outTradeNo = OutTradeNos.next("ORDER-42", FIXED);

        String millis = Long.toString(FIXED.millis(), 36);
        assertTrue(outTradeNo.matches("ORDER-42-" + millis + "[0-9a-z]{4}"), outTradeNo);
        assertEquals("ORDER-42", OutTradeNos.idOf(outTradeNo));
    }

    @Test
    void outTradeNosAreFreshEvenWithinTheSameMillisecond() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            seen.add(OutTradeNos.next("A", FIXED));
        }
        // 2000 draws from 36^4 = 1.7 million: a handful of collisions would be possible, many would be a bug
        assertTrue(seen.size() > 1990, "only " + seen.size() + " distinct values");
    }

    @Test
    void longestOrderIdStaysWithinQfpayLimit() {
        String outTradeNo = OutTradeNos.next("a".repeat(64), Clock.fixed(Instant.parse("9999-12-31T23:59:59Z"), ZoneOffset.UTC));

        assertTrue(outTradeNo.length() <= 128, outTradeNo);
        assertTrue(OutTradeNos.OUT_TRADE_NO.matcher(outTradeNo).matches());
    }

    @Test
    void invalidOrderIdIsRejected() {
        PaymeValidationException e = assertThrows(PaymeValidationException.class, () -> OutTradeNos.next("a b", FIXED));

        assertEquals("Invalid PayMe order id: order_id must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'",
                e.getMessage());
        assertThrows(PaymeValidationException.class, () -> OutTradeNos.next(null, FIXED));
        assertThrows(IllegalArgumentException.class, () -> OutTradeNos.idOf("nodash"));
    }
}
