package io.sluice.edge.discovery;

import io.sluice.api.spi.MemberSink;
import io.sluice.coordination.DiscoveredGroup;
import io.sluice.coordination.Member;
import io.sluice.coordination.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a discovered group into the members of its sink group: one Avro sink per live aggregator,
 * addressed by keys, with the route's settings typed over the config those keys build. Stateless.
 */
public final class MemberSinks {
  private static final Logger LOG = LoggerFactory.getLogger(MemberSinks.class);

  private MemberSinks() {}

  /**
   * Member name to sink, in order of preference: for failover routes by priority (highest first,
   * then id), otherwise by id.
   */
  public static LinkedHashMap<String, MemberSink> of(DiscoveredGroup group) {
    Route route = group.route();
    List<Member> members = group.members();
    if (route.mode() == Route.Mode.FAILOVER) {
      members = members.stream()
          .sorted(Comparator.comparingInt((Member m) -> route.priorityOf(m)).reversed()
              .thenComparing(Member.BY_ID))
          .toList();
    }
    // Sanitising is not one-to-one (a.b and a_b both give a_b): a member must never shadow
    // another, so members whose names collide are all left out, loudly.
    Map<String, List<String>> idsByName = new LinkedHashMap<>();
    for (Member m : members) {
      idsByName.computeIfAbsent(sinkName(route.tier(), m.id()), k -> new ArrayList<>()).add(m.id());
    }
    LinkedHashMap<String, MemberSink> sinks = new LinkedHashMap<>();
    RouteSinkSettings settings = new RouteSinkSettings(route.hop());
    for (Member m : members) {
      String name = sinkName(route.tier(), m.id());
      List<String> ids = idsByName.get(name);
      if (ids.size() > 1) {
        if (ids.get(0).equals(m.id())) {
          LOG.error("Sink group {}: members {} of tier '{}' would all be the sink {}; none of them"
              + " is used until their ids differ in more than '.' and '_'", group.edgeGroup(),
              ids, route.tier(), name);
        }
        continue;
      }
      sinks.put(name, MemberSink.of(sinkKeys(route, m), settings));
    }
    return sinks;
  }

  /** {@code <tier>-<memberId>} with every character a sink name may not hold replaced by '_'. */
  public static String sinkName(String tier, String memberId) {
    return (tier + "-" + memberId).replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /**
   * The keys that pick and address a member's sink. TLS is a key because it decides which of the
   * group's template keys (trust and key stores) the sink reads; the route's other settings are
   * typed ({@link RouteSinkSettings}).
   */
  static Map<String, String> sinkKeys(Route route, Member m) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("type", "avro");
    keys.put("hostname", m.host());
    keys.put("port", Integer.toString(m.port()));
    // Only ever "true": the edge's own sink.ssl stays in force underneath, so ZooKeeper can ask
    // for TLS but never turn off the TLS the edge was configured with.
    if (route.tls() || m.tls()) {
      keys.put("ssl", "true");
    }
    return keys;
  }

  /**
   * The processor keys (under {@code processor.}) for a route: {@code failover} with the route's
   * priorities by member sink name, or {@code load_balance} with its selector.
   */
  public static Map<String, String> processorKeys(Route route) {
    Map<String, String> keys = new java.util.TreeMap<>();
    keys.put("type", route.mode().key());
    if (route.mode() == Route.Mode.FAILOVER) {
      route.priorities().forEach((member, priority) ->
          keys.put("priority." + sinkName(route.tier(), member), Integer.toString(priority)));
    } else {
      keys.put("selector", route.selector().key());
    }
    return keys;
  }
}
