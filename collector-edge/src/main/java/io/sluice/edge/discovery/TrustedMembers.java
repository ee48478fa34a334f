package io.sluice.edge.discovery;

import io.sluice.coordination.DiscoveredGroup;
import io.sluice.coordination.Member;
import io.sluice.coordination.ZkPaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves out of a discovered group the members its {@link MemberTrust} refuses, with one WARN
 * naming the member node and host when a member is first refused (again only if its host or the
 * reason changes), so a hostile node costs one line, not one per membership change. One instance
 * per discovered group, used from its discovery thread only.
 */
final class TrustedMembers {
  private static final Logger LOG = LoggerFactory.getLogger(TrustedMembers.class);
  private final MemberTrust trust;
  private final ZkPaths paths;
  /** Member node path to what was said about it, for the members refused last time. */
  private Map<String, String> warned = Map.of();

  TrustedMembers(MemberTrust trust, ZkPaths paths) {
    this.trust = trust;
    this.paths = paths;
  }

  /** {@code group} without the members the edge does not trust. */
  DiscoveredGroup filter(DiscoveredGroup group) {
    List<Member> kept = new ArrayList<>();
    Map<String, String> refused = new HashMap<>();
    for (Member m : group.members()) {
      Optional<String> refusal = trust.refusal(m);
      if (refusal.isEmpty()) {
        kept.add(m);
        continue;
      }
      String node = paths.member(group.route().tier(), m.id());
      String said = "host " + Member.printable(m.host()) + ": " + refusal.get();
      refused.put(node, said);
      if (!said.equals(warned.get(node))) {
        LOG.warn("Sink group {}: refused member node {} ({}); no data goes to it",
            group.edgeGroup(), node, said);
      }
    }
    warned = refused;
    return kept.size() == group.members().size() ? group
        : new DiscoveredGroup(group.edgeGroup(), group.route(), kept, group.topologyVersion());
  }
}
