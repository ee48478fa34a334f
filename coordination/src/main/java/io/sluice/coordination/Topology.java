package io.sluice.coordination;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster's routing document: which edge group sends to which tier, and how. Immutable.
 *
 * @param version the document's version in ZooKeeper (1 for the first push); in a file being
 *     pushed, the version it was edited from (0 when there was none)
 * @param routes by edge group, sorted
 */
public record Topology(long version, Map<String, Route> routes) {

  public Topology {
    if (version < 0) {
      throw new IllegalArgumentException("topology version " + version + " is negative");
    }
    routes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(routes));
  }

  public Optional<Route> route(String edgeGroup) {
    return Optional.ofNullable(routes.get(edgeGroup));
  }

  public Topology withVersion(long v) {
    return new Topology(v, routes);
  }
}
