package dev.camelpayme.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The outcome files a child application wrote under its data folder, read as a user's system would. */
final class OutcomeFolders {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LIFE_CYCLE_ORDER = List.of("CREATED", "PAID", "FAILED", "EXPIRED");

    private final Path dir;

    OutcomeFolders(Path dir) {
        this.dir = dir;
    }

    Path refundedFile(String refundId) {
        return dir.resolve("refunded").resolve("refund-" + refundId + ".json");
    }

    /** How many outcomes of the refund were written, to the refunded folder (appended) or the error folder. */
    int refundOutcomes(String refundId) {
        return refundOutcomesOf(refundId).size();
    }

    /** Every outcome written about the refund, to the refunded folder (appended) or the error folder. */
    List<JsonNode> refundOutcomesOf(String refundId) {
        List<JsonNode> found = new ArrayList<>();
        for (Path file : List.of(refundedFile(refundId), dir.resolve("error").resolve("refund-" + refundId + ".json"))) {
            if (Files.exists(file)) {
                found.addAll(outcomesIn(file, "refund_id", refundId));
            }
        }
        return found;
    }

    /**
     * The outcomes written less the one redelivery the guarantees allow across a crash (README "Guarantees",
     * delivery across a crash is at least once): an outcome the killed process had written but not yet marked
     * delivered, written again after the restart as an identical copy. Anything else written twice stays.
     */
    static List<JsonNode> lessRedeliveryAcrossCrash(List<JsonNode> outcomes, List<JsonNode> writtenAtCrash) {
        List<JsonNode> rest = new ArrayList<>(outcomes);
        for (JsonNode before : writtenAtCrash) {
            if (rest.stream().filter(before::equals).count() == 2) {
                rest.remove(before);
            }
        }
        return rest;
    }

    /** Every outcome written about the order, in every outcome folder (a file may hold several), in life-cycle order. */
    List<JsonNode> outcomesOf(String orderId) {
        List<JsonNode> found = new ArrayList<>();
        for (String folder : List.of("success", "error", "paid", "expired")) {
            if (!Files.isDirectory(dir.resolve(folder))) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir.resolve(folder))) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                    found.addAll(outcomesIn(file, "order_id", orderId));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        found.sort(Comparator.comparingInt(o -> LIFE_CYCLE_ORDER.indexOf(o.path("outcome").asText())));
        return found;
    }

    private static List<JsonNode> outcomesIn(Path file, String idField, String id) {
        List<JsonNode> found = new ArrayList<>();
        try (MappingIterator<JsonNode> outcomes = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (outcomes.hasNext()) {
                JsonNode outcome = outcomes.next();
                if (id.equals(outcome.path(idField).asText())) {
                    found.add(outcome);
                }
            }
        } catch (IOException halfWritten) {
            // read again on the next round
        }
        return found;
    }
}
