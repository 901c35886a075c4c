package dev.camelpayme.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Thread dumps of the application under load ({@code jcmd <pid> Thread.print}), and where the threads that carry an
 * exchange are (those with a Camel or camel-payme frame): for each, its state, its top frame, the first frame of a
 * library that does the work (H2, Camel, Vert.x...) and the first frame of camel-payme.
 */
final class ThreadDumps {

    private static final List<String> WORKING_PACKAGES = List.of("dev.camelpayme.", "org.h2.", "org.postgresql.",
            "com.zaxxer.", "org.apache.camel.", "io.vertx.", "io.netty.", "org.apache.hc.", "org.apache.activemq.",
            "com.fasterxml.", "org.apache.logging.", "org.springframework.");

    private ThreadDumps() {
    }

    static String take(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        byte[] out = jcmd.getInputStream().readAllBytes();
        jcmd.waitFor(30, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** "threads per dump  state  top frame <- first working frame <- first camel-payme frame", most frequent first. */
    static List<String> summary(List<String> dumps, int lines) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String dump : dumps) {
            for (String thread : dump.split("\n\\s*\n")) {
                String place = placeOf(thread);
                if (place != null) {
                    counts.merge(place, 1, Integer::sum);
                }
            }
        }
        List<String> summary = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(lines)
                .forEach(e -> summary.add(String.format(Locale.ROOT, "%5.1f  %s", e.getValue() / (double) dumps.size(),
                        e.getKey())));
        return summary;
    }

    private static String placeOf(String thread) {
        String state = null;
        String top = null;
        String working = null;
        String ours = null;
        boolean carriesAnExchange = false;
        for (String raw : thread.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("java.lang.Thread.State:")) {
                state = line.substring("java.lang.Thread.State:".length()).trim().split(" ")[0];
            } else if (line.startsWith("at ")) {
                String frame = line.substring(3).replaceAll("\\(.*\\)", "");
                top = top == null ? frame : top;
                if (working == null && WORKING_PACKAGES.stream().anyMatch(frame::startsWith)) {
                    working = frame;
                }
                if (ours == null && frame.startsWith("dev.camelpayme.")) {
                    ours = frame;
                }
                carriesAnExchange |= frame.startsWith("org.apache.camel.") || frame.startsWith("dev.camelpayme.");
            }
        }
        if (state == null || working == null || !carriesAnExchange) {
            return null;
        }
        return state + "  " + top + (top.equals(working) ? "" : "  <-  " + working)
                + (ours == null || ours.equals(working) ? "" : "  <-  " + ours);
    }
}
