package io.sluice.coordination;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an edge last knew from ZooKeeper: the topology and each tier's members. Immutable.
 *
 * @param topology the last valid topology, if any
 * @param members by tier, each list sorted by member id
 */
public record DiscoverySnapshot(Optional<Topology> topology, Map<String, List<Member>> members) {

  public DiscoverySnapshot {
    TreeMap<String, List<Member>> copy = new TreeMap<>();
    members.forEach((tier, list) -> copy.put(tier, list.stream().sorted(Member.BY_ID).toList()));
    members = java.util.Collections.unmodifiableSortedMap(copy);
  }

  public static DiscoverySnapshot empty() {
    return new DiscoverySnapshot(Optional.empty(), Map.of());
  }

  public List<Member> members(String tier) {
    return members.getOrDefault(tier, List.of());
  }

  public DiscoverySnapshot withTopology(Topology t) {
    return new DiscoverySnapshot(Optional.of(t), members);
  }

  public DiscoverySnapshot withMembers(String tier, List<Member> list) {
    Map<String, List<Member>> m = new TreeMap<>(members);
    m.put(tier, list);
    return new DiscoverySnapshot(topology, m);
  }
}
