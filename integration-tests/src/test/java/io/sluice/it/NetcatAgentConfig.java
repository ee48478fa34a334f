package io.sluice.it;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties of agent {@code a1} for process tests: a netcat source (one "OK" per line once
 * the line is in the channel) into channel {@code c1}, drained by sink {@code k1}.
 */
final class NetcatAgentConfig {
  private NetcatAgentConfig() {}

  /** {@code channel} and {@code sink} hold each component's keys without its prefix. */
  static String of(int port, Map<String, String> channel, Map<String, String> sink) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("sources", "r1");
    keys.put("channels", "c1");
    keys.put("sinks", "k1");
    keys.putAll(Map.of("sources.r1.type", "netcat", "sources.r1.bind", "127.0.0.1",
        "sources.r1.port", Integer.toString(port), "sources.r1.channels", "c1",
        "sinks.k1.channel", "c1"));
    channel.forEach((k, v) -> keys.put("channels.c1." + k, v));
    sink.forEach((k, v) -> keys.put("sinks.k1." + k, v));
    StringBuilder out = new StringBuilder();
    keys.forEach((k, v) -> out.append("a1.").append(k).append(" = ").append(v).append('\n'));
    return out.toString();
  }
}
