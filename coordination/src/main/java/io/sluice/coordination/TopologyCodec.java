package io.sluice.coordination;

import io.sluice.api.config.ConfigException;
import io.sluice.core.config.FlumeProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The topology's text form: Java properties, like Flume's config, e.g.
 *
 * <pre>
 * version = 3
 * routes = web db
 * route.web.tier = aggregators
 * route.web.mode = failover
 * route.web.priority.agg-1 = 10
 * route.db.tier = aggregators
 * route.db.mode = load_balance
 * route.db.selector = round_robin
 * route.db.batch-size = 500
 * route.db.compression-type = deflate
 * route.db.ssl = true
 * </pre>
 *
 * {@link #format} writes every key the topology sets, in a stable order, and names in a comment the
 * Avro sink keys a route leaves to the edges, so what {@code topology show} prints is what the
 * edges' member sinks run with. Stateless.
 */
public final class TopologyCodec {
  private TopologyCodec() {}

  /**
   * @throws ConfigException listing every problem, each naming its key
   */
  public static Topology parse(String text) {
    return parse(FlumeProperties.parse(text));
  }

  public static Topology parse(Map<String, String> props) {
    TopologyValidator.Result r = TopologyValidator.validate(props);
    if (!r.valid()) {
      throw new ConfigException(r.problems());
    }
    return r.topology();
  }

  public static Topology parse(byte[] data) {
    return parse(new String(data, StandardCharsets.UTF_8));
  }

  public static String format(Topology t) {
    StringBuilder sb = new StringBuilder("# Sluice topology (docs/zookeeper.md)\n");
    line(sb, "version", t.version());
    line(sb, "routes", String.join(" ", t.routes().keySet()));
    for (Route r : t.routes().values()) {
      String p = "route." + r.edgeGroup() + ".";
      sb.append('\n');
      line(sb, p + "tier", r.tier());
      line(sb, p + "mode", r.mode().key());
      if (r.mode() == Route.Mode.LOAD_BALANCE) {
        line(sb, p + "selector", r.selector().key());
      }
      new java.util.TreeMap<>(r.priorities()).forEach((m, v) -> line(sb, p + "priority." + m, v));
      HopSettings hop = r.hop();
      hop.batchSize().ifPresent(v -> line(sb, p + "batch-size", v));
      hop.connectTimeout().ifPresent(v -> line(sb, p + "connect-timeout", v.toMillis()));
      hop.requestTimeout().ifPresent(v -> line(sb, p + "request-timeout", v.toMillis()));
      hop.compression().ifPresent(v -> line(sb, p + "compression-type", v.key()));
      hop.compressionLevel().ifPresent(v -> line(sb, p + "compression-level", v));
      if (r.tls()) {
        line(sb, p + "ssl", true);
      }
      List<String> unset = new ArrayList<>(hop.unsetKeys());
      if (!r.tls()) {
        unset.add("ssl");
      }
      if (!unset.isEmpty()) {
        sb.append("# not set, so each edge's own sinkgroups.").append(r.edgeGroup())
            .append(".sink.* key applies, else the Avro sink's default: ")
            .append(String.join(", ", unset)).append('\n');
      }
    }
    return sb.toString();
  }

  public static byte[] encode(Topology t) {
    return format(t).getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder sb, String key, Object value) {
    sb.append(key).append(" = ").append(value).append('\n');
  }
}
