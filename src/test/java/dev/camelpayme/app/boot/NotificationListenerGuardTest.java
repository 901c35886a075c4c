package dev.camelpayme.app.boot;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox's public demo key must never sign notifications that other hosts can deliver. */
class NotificationListenerGuardTest {

    @ParameterizedTest
    @ValueSource(strings = { "0.0.0.0", "::", "[::]", "192.0.2.10", "10.1.2.3", "" })
    void aListenerOthersCanReachIsRefusedWhileTheSandboxIsOn(String host) {
        assertThatThrownBy(() -> NotificationListenerGuard.check(host, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("payme.notify.host")
                .hasMessageContaining("payme.sandbox.enabled");
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]" })
    void aLoopbackListenerIsAllowedWithTheSandbox(String host) {
        assertThatCode(() -> NotificationListenerGuard.check(host, true)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.0.0.0", "192.0.2.10", "127.0.0.1" })
    void anyAddressIsAllowedWithoutTheSandbox(String host) {
        assertThatCode(() -> NotificationListenerGuard.check(host, false)).doesNotThrowAnyException();
    }
}
