package dev.camelpayme.app.boot;

/**
 * A start refused for a reason the operator can act on: its message is the one line printed, saying what happened and
 * what to set; the cause, if any, is logged at DEBUG only.
 */
public final class StartupRefusal extends IllegalStateException {

    StartupRefusal(String message) {
        super(message);
    }

    StartupRefusal(String message, Throwable cause) {
        super(message, cause);
    }
}
