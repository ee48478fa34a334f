package io.sluice.coordination;

import java.util.List;

/**
 * What one discovered sink group on an edge should be: the route's settings (mode, batch size,
 * timeouts, compression, TLS) and the live members to build one Avro sink each for. Immutable.
 *
 * @param edgeGroup the sink group name on the edge
 * @param route the route in force (from the topology, or the default route for the group's tier)
 * @param members the route tier's live members, sorted by id
 * @param topologyVersion the topology version the route came from; 0 for the default route
 */
public record DiscoveredGroup(String edgeGroup, Route route, List<Member> members,
    long topologyVersion) {

  public DiscoveredGroup {
    members = members.stream().sorted(Member.BY_ID).toList();
  }
}
