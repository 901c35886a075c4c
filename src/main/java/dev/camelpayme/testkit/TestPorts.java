package dev.camelpayme.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TCP ports for servers a test starts later (its own notification receiver, for one).
 *
 * <p>A port from {@code new ServerSocket(0)} comes from the kernel's ephemeral range, the same range every outgoing
 * connection takes its local port from, so another connection can take it before the server binds (seen on CI).
 * These ports are taken below that range (Linux starts it at 32768), from a random offset per JVM, never twice in one
 * JVM, each probed before it is handed out.
 */
public final class TestPorts {

    private static final int LOWEST = 20_000;
    private static final int SPAN = 12_000;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(SPAN));

    private TestPorts() {
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
