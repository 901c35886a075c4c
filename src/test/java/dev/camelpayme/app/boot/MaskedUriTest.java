package dev.camelpayme.app.boot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the ready line shows of an endpoint URI or a JDBC URL: everything but the secrets. */
class MaskedUriTest {

    @Test
    void optionsThatLookSecretAreMaskedInQueryAndH2Form() {
        assertThat(MaskedUri.of("https://hooks.example/x?token=abc&retries=3&apiKey=RAW(a&b)&signature=s"))
                .isEqualTo("https://hooks.example/x?token=xxxxxx&retries=3&apiKey=xxxxxx&signature=xxxxxx");
        assertThat(MaskedUri.of("jdbc:h2:file:./data/store/payme;WRITE_DELAY=0;PASSWORD=hunter2;CIPHER=AES"))
                .isEqualTo("jdbc:h2:file:./data/store/payme;WRITE_DELAY=0;PASSWORD=xxxxxx;CIPHER=AES");
        assertThat(MaskedUri.of("jms:queue:x?clientPassword=p&concurrentConsumers=2"))
                .isEqualTo("jms:queue:x?clientPassword=xxxxxx&concurrentConsumers=2");
    }

    @Test
    void thePasswordOfUserInfoIsMasked() {
        assertThat(MaskedUri.of("tcp://mq.example.com:61616?x=1")).isEqualTo("tcp://mq.example.com:61616?x=1");
        assertThat(MaskedUri.of("https://shop:hunter2@hooks.example/x")).doesNotContain("hunter2");
    }

    @Test
    void anOrdinaryUriIsLeftAsItIs() {
        assertThat(MaskedUri.of("file:data/success?chmod=600&chmodDirectory=700"))
                .isEqualTo("file:data/success?chmod=600&chmodDirectory=700");
    }
}
