package io.sluice.it;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties of agent {@code a1} for process tests: a netcat source (one "OK" per line once
 * the line is in the channel), or another source, into channel {@code c1}, drained by sink
 * {@code k1}.
 */
final class NetcatAgentConfig {
  private NetcatAgentConfig() {}

  /** {@code channel} and {@code sink} hold each component's keys without its prefix. */
  static String of(int port, Map<String, String> channel, Map<String, String> sink) {
    return of(Map.of("type", "netcat", "bind", "127.0.0.1", "port", Integer.toString(port)),
        channel, sink);
  }

  /** As {@link #of(int, Map, Map)} with another source, whose keys {@code source} holds. */
  static String of(Map<String, String> source, Map<String, String> channel,
      Map<String, String> sink) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("sources", "r1");
    keys.put("channels", "c1");
    keys.put("sinks", "k1");
    keys.putAll(Map.of("sources.r1.channels", "c1", "sinks.k1.channel", "c1"));
    source.forEach((k, v) -> keys.put("sources.r1." + k, v));
    channel.forEach((k, v) -> keys.put("channels.c1." + k, v));
    sink.forEach((k, v) -> keys.put("sinks.k1." + k, v));
    StringBuilder out = new StringBuilder();
    keys.forEach((k, v) -> out.append("a1.").append(k).append(" = ").append(v).append('\n'));
    return out.toString();
  }
}
