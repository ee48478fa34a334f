package io.sluice.core.config;

import java.util.List;

/**
 * What {@link AgentConfigLoader#load(java.util.Map, String, ConfigMode)} yields: the config to run
 * and, in {@link ConfigMode#FLUME}, every problem tolerated on the way (always empty in
 * {@link ConfigMode#STRICT}, where any problem is an error).
 */
public record LoadedConfig(AgentConfig config, ConfigMode mode, List<ToleratedProblem> tolerated) {

  public LoadedConfig {
    tolerated = List.copyOf(tolerated);
  }

  /** How many components were dropped (each counted once). */
  public int droppedCount() {
    return tolerated.stream().mapToInt(t -> t.dropped().size()).sum();
  }
}
