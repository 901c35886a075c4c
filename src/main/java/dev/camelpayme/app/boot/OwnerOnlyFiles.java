package dev.camelpayme.app.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.camelpayme.files.OwnerOnly;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folders and files only the application's own user may read: the order files, outcomes (with pay_url, syssn and
 * amounts), order store, broker journal and the embedded sandbox's record. Camel's file endpoints create their
 * outcome files 0600 themselves ({@code chmod} in payme.route.file-options); the folders are created here, at start,
 * before anything writes.
 */
public final class OwnerOnlyFiles {

    static final Set<PosixFilePermission> FOLDER = OwnerOnly.FOLDER;
    static final Set<PosixFilePermission> FILE = OwnerOnly.FILE;
    /** The outcome endpoints' file options: chmod=600 and chmodDirectory=700. */
    static final String FILE_OPTIONS = "payme.route.file-options";
    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFiles.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final List<String> OUTCOME_KEYS = List.of("payme.route.success-uri", "payme.route.error-uri",
            "payme.route.created-uri", "payme.route.rejected-uri", "payme.route.failed-uri", "payme.route.paid-uri",
            "payme.route.refunded-uri", "payme.route.expired-uri", "payme.route.reconciliation-uri");

    private OwnerOnlyFiles() {
    }

    /** Creates, or narrows to owner-only, every folder the configuration has the application write. */
    public static void createFolders(PropertiesComponent properties) {
        Set<Path> folders = new LinkedHashSet<>();
        properties.resolveProperty("payme.inbox").map(String::trim).filter(v -> !v.isEmpty()).map(Path::of)
                .ifPresent(inbox -> {
                    folders.add(inbox);
                    for (String key : List.of("payme.inbox.done-dir", "payme.inbox.failed-dir")) {
                        properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty())
                                .ifPresent(dir -> folders.add(inbox.resolve(dir)));
                    }
                });
        for (String key : OUTCOME_KEYS) {
            properties.resolveProperty(key).flatMap(OwnerOnlyFiles::fileEndpointFolder).ifPresent(folders::add);
        }
        if (properties.resolveProperty("payme.broker.embedded").map(String::trim).orElse("").equalsIgnoreCase("true")) {
            properties.resolveProperty("payme.broker.data-dir").map(String::trim).filter(v -> !v.isEmpty())
                    .map(Path::of).ifPresent(folders::add);
        }
        if (properties.resolveProperty("payme.sandbox.enabled").map(String::trim).orElse("").equalsIgnoreCase("true")) {
            properties.resolveProperty("payme.sandbox.data-dir").map(String::trim).filter(v -> !v.isEmpty())
                    .map(Path::of).ifPresent(folders::add);
        }
        properties.resolveProperty("payme.store.url").flatMap(H2FileStore::of)
                .ifPresent(store -> folders.add(store.folder()));
        folders.forEach(OwnerOnlyFiles::folder);
        if (!posix()) {
            // Camel's file producer would fail every outcome write trying to chmod it
            properties.addOverrideProperty(FILE_OPTIONS, "");
        }
    }

    /** The folder of a {@code file:} endpoint URI (no query, no dynamic part), if it is one. */
    static java.util.Optional<Path> fileEndpointFolder(String uri) {
        String trimmed = uri.trim();
        if (!trimmed.toLowerCase(Locale.ROOT).startsWith("file:")) {
            return java.util.Optional.empty();
        }
        String path = trimmed.substring("file:".length()).replaceFirst("^//", "");
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        return path.isEmpty() || path.contains("${") ? java.util.Optional.empty() : java.util.Optional.of(Path.of(path));
    }

    /**
     * Makes {@code folder} an owner-only folder: missing folders on its path are created 0700; the folder itself,
     * when it exists already open to others (an install from before), is narrowed to 0700.
     */
    public static void folder(Path folder) {
        try {
            if (!posix()) {
                Files.createDirectories(folder);
                return;
            }
            OwnerOnly.folder(folder).ifPresent(had ->
                    LOG.info("Folder {} was {}: now owner-only (rwx------)", folder, had));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the owner-only folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} to {@code file}, owner-only (0600) from its first byte, replacing it in one step. */
    public static void writeSecret(Path file, String text) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        folder(folder);
        Path temp = Files.createTempFile(folder, file.getFileName().toString(), ".new", OwnerOnly.fileAttributes());
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether the file system has POSIX permissions; when not, one warning says the data is not owner-only. */
    static boolean posix() {
        boolean posix = OwnerOnly.posixFileSystem();
        if (!posix && WARNED.compareAndSet(false, true)) {
            LOG.warn("This file system has no POSIX permissions: the data folders, outcome files and store password "
                    + "file are written without owner-only permissions ({} is ignored); protect the data folder with "
                    + "the file system's own access control", FILE_OPTIONS);
        }
        return posix;
    }
}
