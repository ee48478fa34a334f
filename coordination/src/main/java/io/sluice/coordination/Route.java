package io.sluice.coordination;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one edge group sends: the tier, how its sink group picks among the tier's members, and the
 * Avro sink settings for each member. Key names and defaults follow Flume's Avro sink and sink
 * processors. Immutable.
 *
 * @param edgeGroup the edge group (the sink group name on the edges) this route is for
 * @param tier the aggregator tier whose live members receive the events
 * @param mode failover or load_balance, as Flume's sink processor types
 * @param selector for load_balance: round_robin or random
 * @param priorities for failover: member id to priority (higher first); unlisted members use their
 *     weight
 * @param batchSize events per Avro batch ({@code batch-size})
 * @param connectTimeout {@code connect-timeout}
 * @param requestTimeout {@code request-timeout}
 * @param compression {@code compression-type}: none or deflate
 * @param compressionLevel {@code compression-level}, 1..9, for deflate
 * @param tls {@code ssl}: whether the Avro sinks use TLS
 */
public record Route(
    String edgeGroup,
    String tier,
    Mode mode,
    Selector selector,
    Map<String, Integer> priorities,
    int batchSize,
    Duration connectTimeout,
    Duration requestTimeout,
    Compression compression,
    int compressionLevel,
    boolean tls) {

  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(20_000);
  public static final int DEFAULT_COMPRESSION_LEVEL = 6;

  public Route {
    priorities = Map.copyOf(new TreeMap<>(priorities));
  }

  /** A route with Flume's defaults: failover, batch 100, 20 s timeouts, no compression, no TLS. */
  public static Route defaults(String edgeGroup, String tier) {
    return new Route(edgeGroup, tier, Mode.FAILOVER, Selector.ROUND_ROBIN, Map.of(),
        DEFAULT_BATCH_SIZE, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, Compression.NONE,
        DEFAULT_COMPRESSION_LEVEL, false);
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
