package dev.camelpayme.app.checkout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckoutTokensTest {

    @TempDir
    Path folder;

    @Test
    void aTokenBelongsToOneOrderUnderOneSecret() {
        CheckoutTokens tokens = new CheckoutTokens("a-secret-of-at-least-thirty-two-chars".getBytes(StandardCharsets.UTF_8));
        String token = tokens.tokenOf("order-1");
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(tokens.matches("order-1", token)).isTrue();
        assertThat(tokens.matches("order-2", token)).isFalse();
        assertThat(tokens.matches("order-1", token.substring(1))).isFalse();
        assertThat(tokens.matches("order-1", null)).isFalse();
        CheckoutTokens other = new CheckoutTokens("another-secret-of-thirty-two-chars!".getBytes(StandardCharsets.UTF_8));
        assertThat(other.matches("order-1", token)).isFalse();
    }

    @Test
    void theSecretIsGeneratedOwnerOnlyOnceAndKept() throws Exception {
        Path file = folder.resolve("data").resolve("checkout.secret");
        String first = CheckoutTokens.fromFile(file).tokenOf("order-1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(CheckoutTokens.fromFile(file).tokenOf("order-1")).as("read back on a restart").isEqualTo(first);
    }

    @Test
    void aShortSecretIsRefused() throws Exception {
        Path file = folder.resolve("checkout.secret");
        Files.writeString(file, "short\n");
        assertThatThrownBy(() -> CheckoutTokens.fromFile(file)).hasMessageContaining("shorter than 32");
    }

    @Test
    void theBaseUrlMustBeAWebAddress() {
        CheckoutTokens tokens = new CheckoutTokens("a-secret-of-at-least-thirty-two-chars".getBytes(StandardCharsets.UTF_8));
        assertThat(new CheckoutLinks("https://pay.example.com/", tokens).linkOf("o-1"))
                .isEqualTo("https://pay.example.com/checkout/o-1/" + tokens.tokenOf("o-1"));
        for (String bad : new String[] { "ftp://x", "/checkout", "https://x/?a=1", "javascript:alert(1)" }) {
            assertThatThrownBy(() -> new CheckoutLinks(bad, tokens)).as(bad)
                    .hasMessageContaining("payme.checkout.base-url");
        }
    }
}
