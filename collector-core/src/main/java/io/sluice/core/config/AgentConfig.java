package io.sluice.core.config;

import io.sluice.core.config.ComponentSpecs.ChannelSpec;
import io.sluice.core.config.ComponentSpecs.SinkGroupSpec;
import io.sluice.core.config.ComponentSpecs.SinkSpec;
import io.sluice.core.config.ComponentSpecs.SourceSpec;
import java.util.List;
import java.util.Map;

/**
 * One agent's whole configuration, validated and typed, built once by {@link AgentConfigLoader}.
 * Maps keep the order the agent lists its components. {@code warnings} are the accepted-but-ignored
 * keys and unused components, logged once when the config is applied.
 */
public record AgentConfig(
    String agentName,
    Map<String, ChannelSpec> channels,
    Map<String, SourceSpec> sources,
    Map<String, SinkSpec> sinks,
    Map<String, SinkGroupSpec> sinkGroups,
    List<String> warnings) {}
