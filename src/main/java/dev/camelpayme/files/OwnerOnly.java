package dev.camelpayme.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Owner-only folders (0700) and files (0600) where the file system has POSIX permissions, plain ones where it has
 * not: the application's data and the sandbox's record hold pay_urls, amounts and secrets. JDK only, so that the
 * sandbox can use it as a library.
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    public static boolean posixFileSystem() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Makes {@code folder} owner-only: missing folders on its path are created 0700; the folder itself, when it exists
     * already open to others (an install from before), is narrowed to 0700.
     *
     * @return the permissions it had, if an existing folder was narrowed (for the caller to say so)
     */
    public static Optional<String> folder(Path folder) throws IOException {
        if (!posixFileSystem()) {
            Files.createDirectories(folder);
            return Optional.empty();
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = folder.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p, PosixFilePermissions.asFileAttribute(FOLDER));
            // the umask may have narrowed what createDirectory set, never widened it: set it exactly
            Files.setPosixFilePermissions(p, FOLDER);
        }
        Set<PosixFilePermission> had = Files.getPosixFilePermissions(folder);
        if (missing.isEmpty() && !had.equals(FOLDER)) {
            Files.setPosixFilePermissions(folder, FOLDER);
            return Optional.of(PosixFilePermissions.toString(had));
        }
        return Optional.empty();
    }

    /** Creates {@code file} 0600 if it is missing, and narrows it to 0600 if it is open to others. */
    public static void file(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, fileAttributes());
        }
        if (posixFileSystem() && !Files.getPosixFilePermissions(file).equals(FILE)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** The attributes that create a file 0600 from its first byte (none without POSIX permissions). */
    public static FileAttribute<?>[] fileAttributes() {
        return posixFileSystem() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }
}
