package dev.camelpayme.app.store;

import java.util.Set;

/**
 * One row of a life-cycle table: the event, the states it may happen in, and the state it leads to. The store
 * applies an event as one compare-and-set ({@link Transitions}), so an event the table does not allow in the row's
 * current state changes nothing.
 */
public interface LifecycleEvent<S extends Enum<S>> {

    /** The states this event may happen in; empty for the event that creates the row. */
    Set<S> from();

    S to();

    String name();
}
