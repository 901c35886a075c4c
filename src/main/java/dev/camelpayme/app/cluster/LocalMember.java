package dev.camelpayme.app.cluster;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.camel.cluster.CamelClusterMember;

/** This instance as a member of a view: leader while the view says so. */
final class LocalMember implements CamelClusterMember {

    private final BooleanSupplier leader;
    private final Supplier<String> id;

    LocalMember(BooleanSupplier leader, Supplier<String> id) {
        this.leader = leader;
        this.id = id;
    }

    @Override
    public boolean isLeader() {
        return leader.getAsBoolean();
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    public String getId() {
        return id.get();
    }
}
