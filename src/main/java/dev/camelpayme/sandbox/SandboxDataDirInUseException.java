package dev.camelpayme.sandbox;

import java.nio.file.Path;

/** The sandbox's data dir is held by another running sandbox (in this JVM or another): one record, one writer. */
public final class SandboxDataDirInUseException extends IllegalStateException {

    SandboxDataDirInUseException(Path dir) {
        super("The QFPay sandbox's data dir " + dir.toAbsolutePath().normalize()
                + " is in use by another running sandbox: stop it, or give this one a folder of its own");
    }
}
