package dev.camelpayme.testing;

import dev.camelpayme.testkit.TestPorts;

/**
 * Hands out TCP ports for test servers that are started later (by the application, a child JVM or the sandbox).
 * The same ports as the published test kit's {@link TestPorts} (one sequence per JVM, below the ephemeral range), so
 * this suite's servers and the kit's example never receive the same port.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port no server listens on now, outside the ephemeral range, not handed out before in this JVM. */
    public static int next() {
        return TestPorts.next();
    }
}
