package dev.camelpayme.app.cluster;

import java.util.Optional;

import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * The cluster service of a store only one instance can open (H2 in a file, which H2 itself locks to one process):
 * that instance leads every namespace from its start, so the {@code master:} routes run as plain timers.
 */
public class SingleInstanceLeadership extends AbstractCamelClusterService<SingleInstanceLeadership.View> {

    public SingleInstanceLeadership(String memberId) {
        super(memberId);
    }

    @Override
    protected View createView(String namespace) {
        return new View(this, namespace);
    }

    /** Always led by the local member. */
    public static final class View extends LocalMemberView {

        View(SingleInstanceLeadership service, String namespace) {
            super(service, namespace);
        }

        @Override
        protected void doStart() {
            leader = true;
            fireLeadershipChangedEvent(Optional.of(localMember));
        }

        @Override
        protected void doStop() {
            leader = false;
            fireLeadershipChangedEvent(Optional.empty());
        }
    }
}
