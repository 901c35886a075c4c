package dev.camelpayme.app.boot;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** An H2 database kept in a local file ({@code jdbc:h2:file:./data/store/payme}), and the files beside it. */
record H2FileStore(Path base) {

    /** In-memory, server (tcp, ssl), zip and H2's other file-system prefixes: not a plain local file. */
    private static final Pattern OTHER_KIND = Pattern.compile("^[a-zA-Z]{2,}:.*");

    static Optional<H2FileStore> of(String url) {
        String trimmed = url.trim();
        if (!trimmed.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = trimmed.substring("jdbc:h2:".length());
        if (rest.toLowerCase(Locale.ROOT).startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (OTHER_KIND.matcher(rest).matches()) {
            return Optional.empty();
        }
        int settings = rest.indexOf(';');
        String path = (settings < 0 ? rest : rest.substring(0, settings)).trim();
        if (path.isEmpty()) {
            return Optional.empty();
        }
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Optional.of(new H2FileStore(Path.of(path).toAbsolutePath().normalize()));
    }

    Path folder() {
        return base.getParent();
    }

    Path databaseFile() {
        return base.resolveSibling(base.getFileName() + ".mv.db");
    }

    /** Where a password generated for this store is kept. */
    Path passwordFile() {
        return base.resolveSibling(base.getFileName() + ".password");
    }
}
