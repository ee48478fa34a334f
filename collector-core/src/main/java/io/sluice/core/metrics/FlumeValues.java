package io.sluice.core.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One component's values as Flume's counter MBeans hold them, which is also what Flume's
 * {@code /metrics} prints (each value as a string): Flume's names first (0 until counted), a
 * channel's {@code ChannelFillPercentage} as a double (0-100), the file channel's {@code Open} a
 * boolean with {@code Closed}/{@code Unhealthy} ints, then any other counter or gauge the
 * component keeps, then {@code StartTime}, {@code StopTime} and {@code Type}. Read live.
 */
final class FlumeValues {
  private FlumeValues() {}

  /** Every value with its current reading, Flume's first, in a stable order. */
  static Map<String, Object> of(ComponentKind kind, ComponentMetricsGroup group) {
    Map<String, Long> counts = group.snapshot();
    Map<String, Object> out = new LinkedHashMap<>();
    for (String n : FlumeAttributes.of(kind)) {
      out.put(n, counts.getOrDefault(n, 0L));
    }
    if (kind == ComponentKind.CHANNEL) {
      long size = counts.getOrDefault("ChannelSize", 0L);
      long capacity = counts.getOrDefault("ChannelCapacity", 0L);
      // Flume's formula, including its MAX_VALUE for an unknown capacity.
      out.put("ChannelFillPercentage",
          capacity == 0 ? Double.MAX_VALUE : size * 100.0 / capacity);
      if (counts.containsKey("Open")) {
        boolean open = counts.get("Open") != 0;
        out.put("Open", open);
        out.put("Closed", open ? 0 : 1);
        out.put("Unhealthy", counts.getOrDefault("Unhealthy", 0L).intValue());
        FlumeAttributes.FILE_CHANNEL.forEach(n -> out.put(n, counts.getOrDefault(n, 0L)));
      }
    }
    counts.forEach(out::putIfAbsent);
    out.put("StartTime", group.startTime());
    out.put("StopTime", group.stopTime());
    out.put("Type", kind.flumeType());
    return out;
  }
}
