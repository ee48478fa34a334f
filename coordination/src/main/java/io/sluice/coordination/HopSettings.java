package io.sluice.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Avro sink settings a route sets for its edge group's member sinks, under Flume's Avro sink key
 * names. A setting the route leaves unset is the edge's own: its group's {@code sink.*} key, else
 * the Avro sink's default. A set one is what every member sink runs with. Immutable.
 *
 * @param batchSize {@code batch-size}: events per batch
 * @param connectTimeout {@code connect-timeout}
 * @param requestTimeout {@code request-timeout}
 * @param compression {@code compression-type}
 * @param compressionLevel {@code compression-level}, 1..9, for deflate
 */
public record HopSettings(
    OptionalInt batchSize,
    Optional<Duration> connectTimeout,
    Optional<Duration> requestTimeout,
    Optional<Route.Compression> compression,
    OptionalInt compressionLevel) {

  /** Nothing set: the edges' own settings apply. */
  public static final HopSettings NONE = new HopSettings(OptionalInt.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), OptionalInt.empty());

  /** The key names of the settings left unset, in the order the topology lists them. */
  public List<String> unsetKeys() {
    List<String> out = new ArrayList<>();
    if (batchSize.isEmpty()) {
      out.add("batch-size");
    }
    if (connectTimeout.isEmpty()) {
      out.add("connect-timeout");
    }
    if (requestTimeout.isEmpty()) {
      out.add("request-timeout");
    }
    if (compression.isEmpty()) {
      out.add("compression-type");
    }
    if (compressionLevel.isEmpty()) {
      out.add("compression-level");
    }
    return out;
  }

  /** The settings made, as the topology's keys: {@code batch-size=500, request-timeout=20000}. */
  @Override
  public String toString() {
    List<String> out = new ArrayList<>();
    batchSize.ifPresent(v -> out.add("batch-size=" + v));
    connectTimeout.ifPresent(v -> out.add("connect-timeout=" + v.toMillis()));
    requestTimeout.ifPresent(v -> out.add("request-timeout=" + v.toMillis()));
    compression.ifPresent(v -> out.add("compression-type=" + v.key()));
    compressionLevel.ifPresent(v -> out.add("compression-level=" + v));
    return out.isEmpty() ? "none" : String.join(", ", out);
  }

  public HopSettings withBatchSize(int v) {
    return new HopSettings(OptionalInt.of(v), connectTimeout, requestTimeout, compression,
        compressionLevel);
  }

  public HopSettings withConnectTimeout(Duration v) {
    return new HopSettings(batchSize, Optional.of(v), requestTimeout, compression,
        compressionLevel);
  }

  public HopSettings withRequestTimeout(Duration v) {
    return new HopSettings(batchSize, connectTimeout, Optional.of(v), compression,
        compressionLevel);
  }

  public HopSettings withCompression(Route.Compression type, int level) {
    return new HopSettings(batchSize, connectTimeout, requestTimeout, Optional.of(type),
        OptionalInt.of(level));
  }
}
