package dev.camelpayme.app.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A credential of the configuration (store or broker password): the value itself, or a file that holds it. A file
 * is preferred: its content is never a Camel property value, which Camel prints at DEBUG. Neither is ever logged.
 */
public final class Secrets {

    private static final Logger LOG = LoggerFactory.getLogger(Secrets.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    /**
     * The credential named by {@code key} (value) or {@code fileKey} (a file's path), or null when neither is set.
     * Outside the sandbox, a value written in a properties file in plain text gets one warning.
     */
    public static String read(String key, String value, String fileKey, String file, boolean sandboxEnabled) {
        if (value != null && file != null) {
            throw new IllegalArgumentException("Set either " + key + " or " + fileKey + ", not both");
        }
        if (file != null) {
            return fromFile(fileKey, Path.of(file));
        }
        if (value != null && !sandboxEnabled && writtenInPropertiesFile(key) && WARNED.add(key)) {
            LOG.warn("{} is written in plain text in a properties file: for production put it alone in an owner-only "
                    + "file and set {} (environment variable {}) to that file's path instead", key, fileKey,
                    environmentVariable(fileKey));
        }
        return value;
    }

    private static String fromFile(String fileKey, Path file) {
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("Property " + fileKey + " names " + file
                    + ", which cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("Property " + fileKey + " names " + file + ", which is empty");
        }
        return secret;
    }

    /** Neither a -D system property nor an environment variable gave it: a properties file did. */
    private static boolean writtenInPropertiesFile(String key) {
        return System.getProperty(key) == null && System.getenv(environmentVariable(key)) == null;
    }

    static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
