package dev.camelpayme.app.boot;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

import dev.camelpayme.sandbox.SandboxDataDirInUseException;

/**
 * Turns a failed start into the one line an operator reads: what happened and what to do. Known causes only; any
 * other failure is left to be reported whole.
 */
final class StartupFailure {

    /** H2: "Database may be already in use", the file lock another process holds. */
    private static final int H2_DATABASE_ALREADY_IN_USE = 90020;

    private StartupFailure() {
    }

    /**
     * @param workingDirectory    where application.properties is looked up by default
     * @param configurationChosen whether a configuration location was given (-D or command line)
     */
    static Optional<String> explain(Throwable failure, Path workingDirectory, boolean configurationChosen) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StartupRefusal) {
                return Optional.of(cause.getMessage());
            }
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_IN_USE) {
                return Optional.of("The order store (payme.store.url) is held by another instance of camel-payme "
                        + "running on the same data folder (H2 file lock): stop that instance first, or give this one "
                        + "a data folder of its own (payme.store.url, payme.broker.data-dir and the outcome folders).");
            }
            if (cause instanceof SandboxDataDirInUseException) {
                return Optional.of(cause.getMessage() + " (payme.sandbox.data-dir): another instance of camel-payme "
                        + "runs its embedded sandbox on the same data folder.");
            }
            if (cause instanceof BindException) {
                return Optional.of("A port this application listens on is already in use (" + cause.getMessage()
                        + "): stop the program holding it, or change camel.server.port, payme.notify.port, "
                        + "payme.sandbox.port, payme.broker.port or camel.management.port.");
            }
        }
        Path properties = workingDirectory.resolve("application.properties");
        if (!configurationChosen && !Files.exists(properties) && isMissingProperty(failure)) {
            return Optional.of("No application.properties in " + workingDirectory + " (the working directory), so "
                    + "the configuration is missing (" + failure.getMessage() + "): start camel-payme from the folder "
                    + "holding it, or point at it with -Dcamel.main.property-placeholder-location=file:/path/to/"
                    + "application.properties");
        }
        if (isGuardRefusal(failure)) {
            return Optional.of(failure.getMessage());
        }
        return Optional.empty();
    }

    private static boolean isMissingProperty(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        return message.contains(" is required") || message.contains("not found in properties");
    }

    /** The start-up checks of this package refuse with a message naming the key to set: that message is the line. */
    private static boolean isGuardRefusal(Throwable failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        return (failure instanceof IllegalStateException || failure instanceof IllegalArgumentException)
                && frames.length > 0 && frames[0].getClassName().startsWith(StartupFailure.class.getPackageName() + ".");
    }
}
