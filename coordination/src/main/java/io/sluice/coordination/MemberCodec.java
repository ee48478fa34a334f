package io.sluice.coordination;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data of a member znode: one UTF-8 JSON object,
 * {@code {"id":"agg-1","host":"10.0.0.5","port":4141,"tls":false,"weight":100,"version":"0.1.0",
 * "pid":4711}}. Unknown fields are ignored (newer aggregators may add some); {@code tls},
 * {@code weight}, {@code version} and {@code pid} default to false, 100, "" and 0 (records of older
 * aggregators have no {@code pid}; a pid of 0 is not written). Stateless.
 */
public final class MemberCodec {
  public static final int DEFAULT_WEIGHT = 100;

  private MemberCodec() {}

  public static byte[] encode(Member m) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", m.id());
    f.put("host", m.host());
    f.put("port", m.port());
    f.put("tls", m.tls());
    f.put("weight", m.weight());
    f.put("version", m.version());
    if (m.pid() > 0) {
      f.put("pid", m.pid());
    }
    return FlatJson.write(f).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws IllegalArgumentException naming the field that is missing or of the wrong type
   */
  public static Member decode(byte[] data) {
    Map<String, Object> f = FlatJson.read(new String(data, StandardCharsets.UTF_8));
    return new Member(
        field(f, "id", String.class, null),
        field(f, "host", String.class, null),
        Math.toIntExact(field(f, "port", Long.class, null)),
        field(f, "tls", Boolean.class, false),
        Math.toIntExact(field(f, "weight", Long.class, (long) DEFAULT_WEIGHT)),
        field(f, "version", String.class, ""),
        field(f, "pid", Long.class, 0L));
  }

  private static <T> T field(Map<String, Object> f, String name, Class<T> type, T fallback) {
    Object v = f.get(name);
    if (v == null) {
      if (fallback == null) {
        throw new IllegalArgumentException("member JSON lacks the field '" + name + "'");
      }
      return fallback;
    }
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException("member JSON field '" + name + "' should be a "
          + type.getSimpleName().replace("Long", "number").toLowerCase(java.util.Locale.ROOT)
          + ", not " + v);
    }
    return type.cast(v);
  }
}
