package io.sluice.core.processing.selector;

import io.sluice.api.Channel;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Turns the channel names a selector key lists into the source's channels. Stateless. */
final class ChannelNames {
  private ChannelNames() {}

  /** Splits a whitespace-separated list, dropping duplicates but keeping order. */
  static List<String> parse(String raw) {
    String v = raw.trim();
    return v.isEmpty() ? List.of() : List.copyOf(new LinkedHashSet<>(List.of(v.split("\\s+"))));
  }

  /**
   * Resolves names against the source's channels.
   *
   * @param key the relative key the names came from, named in the problem
   * @param problems receives one problem per name that is not one of the source's channels
   */
  static List<Channel> resolve(
      String key, Collection<String> names, Map<String, Channel> channels, List<ConfigProblem> problems) {
    List<Channel> out = new ArrayList<>(names.size());
    for (String name : names) {
      Channel c = channels.get(name);
      if (c == null) {
        problems.add(new ConfigProblem(key, "channel '" + name
            + "' is not one of the source's channels " + channels.keySet()));
      } else {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  static void throwIfAny(List<ConfigProblem> problems) {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
