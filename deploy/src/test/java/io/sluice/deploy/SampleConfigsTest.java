package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every sample config shipped in conf/ loads, for every agent it defines, with the full classpath. */
class SampleConfigsTest {
  private static final Pattern AGENT_LIST =
      Pattern.compile("([^.]+)\\.(sources|channels|sinks|sinkgroups)");

  @Test
  void everySampleConfigLoadsForEveryAgent() throws Exception {
    Path conf = Path.of("..", "conf");
    List<Path> files;
    try (Stream<Path> s = Files.list(conf)) {
      files = s.filter(p -> p.toString().endsWith(".properties")).sorted().toList();
    }
    assertTrue(files.size() >= 3, "conf/ holds the samples: " + files);
    AgentConfigLoader loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    Set<String> loaded = new TreeSet<>();
    for (Path f : files) {
      Map<String, String> props = FlumeProperties.read(f);
      Set<String> agents = new TreeSet<>();
      for (String key : props.keySet()) {
        Matcher m = AGENT_LIST.matcher(key);
        if (m.matches()) {
          agents.add(m.group(1));
        }
      }
      assertFalse(agents.isEmpty(), f + " defines no agent");
      for (String agent : agents) {
        AgentConfig c = loader.load(props, agent); // throws with every problem, naming the keys
        assertTrue(c.warnings().isEmpty(), f + " agent " + agent + ": " + c.warnings());
        loaded.add(f.getFileName() + ":" + agent);
      }
    }
    assertTrue(loaded.containsAll(Set.of("edge.properties:edge", "aggregator.properties:agg",
        "example.properties:a1")), loaded.toString());
  }
}
