package dev.camelpayme.bench.e2e;

/**
 * What one request got: its HTTP status, and whether it counts as done (a 2xx that did what was asked). A request
 * that threw has status -1.
 */
record Reply(int status, boolean ok) {

    static Reply of(int status) {
        return new Reply(status, status >= 200 && status < 300);
    }

    static Reply failed() {
        return new Reply(-1, false);
    }

    /** One request of a benchmark row; each client thread has its own. */
    @FunctionalInterface
    interface Call {
        Reply call() throws Exception;
    }
}
