package dev.camelpayme.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelpayme.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's durable record in its data dir: a log of JSON lines, one per change, each the whole latest state of
 * one key ({@code order:<syssn>}, {@code notification:<syssn>}) or its removal. At start the log is read (the latest
 * line of a key wins; a torn line, as a crash mid-write leaves, is skipped with a WARN) and rewritten compact: written
 * aside, then moved over the log in one step. It is compacted the same way whenever it holds many more lines than
 * live keys. Lines are handed to the operating system at once (a kill -9 loses nothing), not forced to the disk.
 * <p>
 * Owner-only where the file system has POSIX permissions (folder 0700, files 0600). A lock file keeps a second
 * sandbox off the same folder. A failed write is logged and the sandbox goes on in memory.
 */
final class SandboxJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QfpaySandbox.class);

    static final String LOG_FILE = "journal.jsonl";
    static final String LOCK_FILE = "journal.lock";
    private static final String COMPACTING = "journal-";
    private static final String COMPACTING_SUFFIX = ".tmp";
    /** The log is compacted once it holds this many lines more than live keys, or more than twice as many. */
    private static final int COMPACT_AFTER = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The folders sandboxes of this JVM hold; the lock file keeps out those of other processes. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Path log;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** The latest line of every live key, in the order the keys first appeared. */
    private final Map<String, String> live = new LinkedHashMap<>();
    private final Map<String, JsonNode> loaded;
    private Writer out;
    private int lines;
    private boolean failing;
    private boolean closed;

    private SandboxJournal(Path dir, FileChannel lockChannel, FileLock lock) throws IOException {
        this.dir = dir;
        this.log = dir.resolve(LOG_FILE);
        this.lockChannel = lockChannel;
        this.lock = lock;
        deleteLeftoversOfCompaction();
        this.loaded = Collections.unmodifiableMap(read());
        compact();
    }

    /**
     * Opens the record in {@code dir} (created owner-only if missing) and reads it.
     *
     * @throws SandboxDataDirInUseException if another running sandbox uses the folder
     * @throws UncheckedIOException  if the folder or its files cannot be made, read or written
     */
    static SandboxJournal open(Path dir) {
        Path held = dir.toAbsolutePath().normalize();
        // checked before the lock file is touched: closing any channel of it would drop this JVM's lock on it
        if (!HELD.add(held)) {
            throw inUse(dir);
        }
        FileChannel channel = null;
        try {
            OwnerOnly.folder(dir);
            Path lockFile = dir.resolve(LOCK_FILE);
            OwnerOnly.file(lockFile);
            channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dir);
            }
            return new SandboxJournal(held, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(held);
            throw new UncheckedIOException("The QFPay sandbox cannot use its data dir " + held + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(held);
            throw e;
        }
    }

    private static IllegalStateException inUse(Path dir) {
        return new SandboxDataDirInUseException(dir);
    }

    /** Every live key as read at opening, in the order the keys first appeared, with its latest value. */
    Map<String, JsonNode> loaded() {
        return loaded;
    }

    /** Records the whole latest state of {@code key}. */
    synchronized void put(String key, Map<String, ?> value) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("key", key);
        line.put("value", value);
        String text;
        try {
            text = JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the sandbox record of " + key, e);
        }
        live.put(key, text);
        append(text);
    }

    /** Records that {@code key} is gone; nothing is written for a key that is not live. */
    synchronized void remove(String key) {
        if (live.remove(key) != null) {
            append("{\"key\":" + quoted(key) + ",\"value\":null}");
        }
    }

    /** Forgets every key. */
    synchronized void clear() {
        live.clear();
        if (!closed) {
            rewrite();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            LOG.warn("QFPay sandbox: closing its record {} failed: {}", log, e.getMessage());
        }
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("QFPay sandbox: releasing the lock of {} failed", dir, e);
        }
        closeQuietly(lockChannel);
        HELD.remove(dir);
    }

    // ------------------------------------------------------------------------------------------------ writing

    private void append(String text) {
        if (closed) {
            LOG.debug("QFPay sandbox: stopped, a change of its record is not written");
            return;
        }
        try {
            out.write(text);
            out.write('\n');
            out.flush();
            lines++;
            failing = false;
        } catch (IOException e) {
            failed(e);
            return;
        }
        if (lines > live.size() + COMPACT_AFTER && lines > 2 * live.size()) {
            rewrite();
        }
    }

    private void rewrite() {
        try {
            compact();
        } catch (IOException e) {
            failed(e);
        }
    }

    /** Writes the live lines aside, moves them over the log in one step, and appends to the new log from then on. */
    private void compact() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
        Path aside = Files.createTempFile(dir, COMPACTING, COMPACTING_SUFFIX, OwnerOnly.fileAttributes());
        try {
            try (Writer w = Files.newBufferedWriter(aside, StandardCharsets.UTF_8)) {
                for (String line : live.values()) {
                    w.write(line);
                    w.write('\n');
                }
            }
            Files.move(aside, log, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(aside);
        }
        lines = live.size();
        out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    private void failed(IOException e) {
        if (!failing) {
            LOG.warn("QFPay sandbox: cannot write its record {} ({}); it goes on in memory, and a restart may miss "
                    + "what changed from now on", log, e.toString());
        }
        failing = true;
    }

    // ------------------------------------------------------------------------------------------------ reading

    private Map<String, JsonNode> read() throws IOException {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (!Files.exists(log)) {
            return values;
        }
        // decoded leniently: a line torn inside a character must not stop the start
        List<String> text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = parse(line);
            if (node == null) {
                LOG.warn("QFPay sandbox: skipped line {} of {}, which is not a whole record{}", i + 1, log,
                        i == text.size() - 1 ? " (torn by a crash while it was written)" : "");
                continue;
            }
            String key = node.get("key").asText();
            JsonNode value = node.get("value");
            if (value == null || value.isNull()) {
                values.remove(key);
                live.remove(key);
            } else {
                values.put(key, value);
                live.put(key, line);
            }
        }
        return values;
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() && node.path("key").isTextual() && node.has("value") ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private void deleteLeftoversOfCompaction() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, COMPACTING + "*" + COMPACTING_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ files

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("QFPay sandbox: closing a lock file failed", e);
        }
    }
}
