package dev.camelpayme.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out TCP ports for test servers that are started later (by the application, a child JVM or the sandbox).
 *
 * <p>A port from {@code new ServerSocket(0)} comes from the kernel's ephemeral range, the same range every outgoing
 * connection takes its local port from. Between closing the probe and the server binding, an HTTP, JDBC or broker
 * connection can take the port, and the server then fails to bind (seen on CI). So ports are taken below the
 * ephemeral range (Linux starts it at 32768), from a random offset per JVM so forked test JVMs rarely meet, never
 * twice in one JVM, and each is probed before it is handed out.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int SPAN = 12_000;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(SPAN));

    private FreePorts() {
    }

    /** A port no server listens on now, outside the ephemeral range, not handed out before in this JVM. */
    public static int next() {
        for (int tries = 0; tries < SPAN; tries++) {
            int port = LOWEST + Math.floorMod(NEXT.getAndIncrement(), SPAN);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + LOWEST + ".." + (LOWEST + SPAN - 1));
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(port)); // the wildcard address: fails if any address has it
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
