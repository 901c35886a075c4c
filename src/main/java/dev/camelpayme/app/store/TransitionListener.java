package dev.camelpayme.app.store;

/** Told of each life-cycle event once it is applied and committed (metrics count final outcomes here). */
@FunctionalInterface
public interface TransitionListener {

    TransitionListener NONE = event -> { };

    void applied(LifecycleEvent<?> event);
}
