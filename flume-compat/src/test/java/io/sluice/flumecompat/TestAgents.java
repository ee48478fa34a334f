package io.sluice.flumecompat;

import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Agents of the tests: loaded with a Flume adapter given plugin jars as plugins.d gives them. */
final class TestAgents {
  static final Duration DEADLINE = Duration.ofSeconds(60);
  static final AgentOptions FAST = AgentOptions.defaults()
      .withRestartBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
      .withShutdownGrace(Duration.ofSeconds(10));

  private TestAgents() {}

  /**
   * A registry whose Flume adapter has {@code pluginClasspath} as the launcher passes plugins.d
   * ({@code -Dsluice.flume.plugin.classpath}: every lib jar, then every libext jar), and
   * lib/flume-api from the build.
   */
  static ComponentRegistry withPlugins(List<Path> pluginClasspath) {
    FlumeCompatSettings settings = new FlumeCompatSettings(FlumePluginJar.apiDir(), pluginClasspath);
    return new ComponentRegistry(TestAgents.class.getClassLoader(),
        List.of(new FlumeComponentResolver(settings)));
  }

  static AgentConfigLoader loader(ComponentRegistry registry) {
    return new AgentConfigLoader(registry, ValueSubstitutor.of(Map.of(), Map.of()));
  }

  /** Agent a1 of {@code properties}, started. */
  static Agent start(ComponentRegistry registry, String properties) {
    Agent a = new Agent(loader(registry).load(FlumeProperties.parse(properties), "a1"), FAST);
    a.start();
    return a;
  }
}
