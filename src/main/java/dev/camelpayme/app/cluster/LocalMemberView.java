package dev.camelpayme.app.cluster;

import java.util.List;
import java.util.Optional;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

/**
 * A view whose one member is this instance: neither leadership service knows of the other instances, so the view
 * reports the local member, leader while {@link #leader} says so.
 */
abstract class LocalMemberView extends AbstractCamelClusterView {

    protected volatile boolean leader;
    protected final CamelClusterMember localMember = new CamelClusterMember() {
        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return getClusterService().getId();
        }
    };

    LocalMemberView(CamelClusterService service, String namespace) {
        super(service, namespace);
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return leader ? Optional.of(localMember) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return localMember;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return List.of(localMember);
    }
}
