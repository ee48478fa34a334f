package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.ConfigMode;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The compatibility corpus ({@code ../shared/flume-configs}, real Flume configs; read in place,
 * never copied): every agent of every file loads strictly, or loads with {@code --compat flume}, or
 * is refused because it needs component types Sluice lacks, or is an incomplete fragment (no type,
 * no channel: snippets of Flume's user guide) that Flume refuses as well. Run with every module on the
 * classpath, as {@code bin/sluice} runs.
 */
class FlumeCorpusTest {
  private static final List<String> MISSING_TYPE = List.of("unknown source type",
      "unknown channel type", "unknown sink type", "unknown sink processor type",
      "unknown channel selector type", "unknown interceptor type", "is not on the classpath",
      "known to Sluice", "is not part of Sluice");

  private static Path corpus() {
    for (Path p : List.of(Path.of("../shared/flume-configs"), Path.of("../../shared/flume-configs"))) {
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return null;
  }

  private static final List<String> INCOMPLETE = List.of("is required", "are not valid", "is not valid",
      "is not a valid", "a batch must fit in one transaction", "on the classpath");

  @Test
  void everyAgentLoadsOrLacksOnlyComponentTypes() throws IOException {
    Path dir = corpus();
    Assumptions.assumeTrue(dir != null, "skipped: the Flume config corpus ../shared/flume-configs"
        + " (relative to the repository root) is absent");
    AgentConfigLoader loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    int agents = 0;
    int strict = 0;
    int compat = 0;
    int missingType = 0;
    // Fragments (mostly of Flume's user guide) and placeholders ('YYYY' ports, a batch larger than
    // its channel's transactions, a site's own handler class) that Flume refuses as well.
    int incomplete = 0;
    List<String> otherRefusals = new ArrayList<>();
    List<String> lacking = new ArrayList<>();
    for (Path f : files) {
      Map<String, String> props = FlumeProperties.read(f);
      for (String agent : FlumeProperties.agentNames(props)) {
        agents++;
        try {
          loader.load(props, agent, ConfigMode.STRICT);
          strict++;
          continue;
        } catch (ConfigException expected) {
          // tried leniently below
        }
        try {
          loader.load(props, agent, ConfigMode.FLUME);
          compat++;
        } catch (ConfigException e) {
          List<ConfigProblem> drops = e.problems().stream()
              .filter(p -> p.message().contains(" is dropped")).toList();
          List<ConfigProblem> missing = drops.stream()
              .filter(p -> MISSING_TYPE.stream().anyMatch(p.message()::contains)).toList();
          if (!missing.isEmpty()) {
            missingType++;
            lacking.add(f.getFileName() + " " + agent + ": " + missing.get(0));
          } else if (drops.stream().allMatch(p -> INCOMPLETE.stream().anyMatch(p.message()::contains))
              && e.problems().get(e.problems().size() - 1).message().contains("cannot run")
              || e.problems().size() == 1
              && e.problems().get(0).message().contains("lists no sources and no sinks")) {
            incomplete++;
          } else {
            otherRefusals.add(f.getFileName() + " " + agent + ": " + e.problems());
          }
        }
      }
    }
    System.out.printf("Flume corpus: %d files, %d agents: %d load strict, %d more load with"
        + " --compat flume, %d refused for component types Sluice lacks, %d incomplete or placeholder"
        + " configs (Flume refuses them too), %d refused otherwise%n", files.size(), agents, strict,
        compat, missingType, incomplete, otherRefusals.size());
    lacking.forEach(r -> System.out.println("  lacks: " + r));
    otherRefusals.forEach(r -> System.out.println("  refused: " + r));
    assertTrue(files.size() >= 119, "corpus files: " + files.size());
    assertEquals(agents, strict + compat + missingType + incomplete + otherRefusals.size());
    assertEquals(List.of(), otherRefusals, "refused for something other than a missing type");
    assertTrue(strict + compat > agents / 2, "fewer than half the agents load: " + (strict
        + compat) + " of " + agents);
  }
}
