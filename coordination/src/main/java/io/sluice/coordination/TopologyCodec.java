package io.sluice.coordination;

import io.sluice.api.config.ConfigException;
import io.sluice.core.config.FlumeProperties;
import java.nio.charset.StandardCharsets;
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
 * {@link #format} writes every key (defaults included) in a stable order, so the stored text is also
 * a complete reference of what applies. Stateless.
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
      line(sb, p + "batch-size", r.batchSize());
      line(sb, p + "connect-timeout", r.connectTimeout().toMillis());
      line(sb, p + "request-timeout", r.requestTimeout().toMillis());
      line(sb, p + "compression-type", r.compression().key());
      line(sb, p + "compression-level", r.compressionLevel());
      line(sb, p + "ssl", r.tls());
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
