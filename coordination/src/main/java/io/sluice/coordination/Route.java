package io.sluice.coordination;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where one edge group sends: the tier, how its sink group picks among the tier's members, and the
 * Avro sink settings the route sets for each member (the others stay the edge's own). Key names
 * follow Flume's Avro sink and sink processors. Immutable.
 *
 * @param edgeGroup the edge group (the sink group name on the edges) this route is for
 * @param tier the aggregator tier whose live members receive the events
 * @param mode failover or load_balance, as Flume's sink processor types
 * @param selector for load_balance: round_robin or random
 * @param priorities for failover: member id to priority (higher first); unlisted members use their
 *     weight
 * @param hop the Avro sink settings the route sets
 * @param tls {@code ssl}: whether the Avro sinks must use TLS (false leaves the edge's own choice)
 */
public record Route(
    String edgeGroup,
    String tier,
    Mode mode,
    Selector selector,
    Map<String, Integer> priorities,
    HopSettings hop,
    boolean tls) {

  public Route {
    priorities = Map.copyOf(new TreeMap<>(priorities));
    Objects.requireNonNull(hop, "hop");
  }

  /** A failover route that sets no Avro sink settings: the edges' own apply. */
  public static Route defaults(String edgeGroup, String tier) {
    return new Route(edgeGroup, tier, Mode.FAILOVER, Selector.ROUND_ROBIN, Map.of(),
        HopSettings.NONE, false);
  }

  /** This route with other Avro sink settings. */
  public Route withHop(HopSettings settings) {
    return new Route(edgeGroup, tier, mode, selector, priorities, settings, tls);
  }

  /** The failover priority of a member: the route's, else the member's weight. */
  public int priorityOf(Member m) {
    return priorities.getOrDefault(m.id(), m.weight());
  }

  /** Sink-group modes; {@link #key()} is Flume's processor type name. */
  public enum Mode {
    FAILOVER, LOAD_BALANCE;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Load-balancing selectors; {@link #key()} is Flume's selector name. */
  public enum Selector {
    ROUND_ROBIN, RANDOM, LEAST_BUSY;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Avro sink compression types. */
  public enum Compression {
    NONE, DEFLATE;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
