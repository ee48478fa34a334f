package io.sluice.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.core.registry.ComponentRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** A table of broken configs, each with the exact problems it must report. */
class AgentConfigLoaderTest {
  private static final String GOOD = """
      a1.sources = r1
      a1.channels = c1
      a1.sinks = k1
      a1.sources.r1.type = seq
      a1.sources.r1.channels = c1
      a1.channels.c1.type = memory
      a1.channels.c1.capacity = 1000
      a1.channels.c1.transactionCapacity = 100
      a1.sinks.k1.type = null
      a1.sinks.k1.channel = c1
      """;

  private final AgentConfigLoader loader = new AgentConfigLoader(
      ComponentRegistry.fromContextClassLoader(),
      ValueSubstitutor.of(Map.of("PORT", "4141"), Map.of()));

  static AgentConfig load(AgentConfigLoader loader, String text) {
    return loader.load(FlumeProperties.parse(text), "a1");
  }

  static Stream<Arguments> brokenConfigs() {
    return Stream.of(
        Arguments.of("unknown source type", GOOD.replace("type = seq", "type = seqq"),
            List.of("a1.sources.r1.type: unknown source type 'seqq' (did you mean 'seq'?)")),
        Arguments.of("sink with no channel", GOOD.replace("a1.sinks.k1.channel = c1\n", ""),
            List.of("a1.sinks.k1.channel: is required: a sink must drain a channel")),
        Arguments.of("source wired to a missing channel",
            GOOD.replace("a1.sources.r1.channels = c1", "a1.sources.r1.channels = c2"),
            List.of("a1.sources.r1.channels: names channel 'c2', which is not listed in a1.channels"
                + " (did you mean 'c1'?)")),
        Arguments.of("sink wired to a missing channel",
            GOOD.replace("a1.sinks.k1.channel = c1", "a1.sinks.k1.channel = mem"),
            List.of("a1.sinks.k1.channel: names channel 'mem', which is not listed in"
                + " a1.channels")),
        Arguments.of("batch above the channel's transactionCapacity",
            GOOD.replace("a1.sinks.k1.channel = c1", "a1.sinks.k1.channel = c1\n"
                + "a1.sinks.k1.batchSize = 1000"),
            List.of("a1.sinks.k1.batchSize: 1000 exceeds a1.channels.c1.transactionCapacity = 100:"
                + " a batch must fit in one transaction of its channel")),
        Arguments.of("misspelt key",
            GOOD.replace("a1.channels.c1.capacity", "a1.channels.c1.capacty"),
            List.of("a1.channels.c1.capacty: unknown key (did you mean 'capacity'?)")),
        Arguments.of("source given 'channel'",
            GOOD.replace("a1.sources.r1.channels = c1", "a1.sources.r1.channel = c1"),
            List.of("a1.sources.r1.channel: a source takes 'channels' (plural, a list), not"
                + " 'channel'",
                "a1.sources.r1.channels: is required: a source must write to a channel")),
        Arguments.of("unknown agent-level key", GOOD + "a1.sinkgroup = g1\n",
            List.of("a1.sinkgroup: unknown key (did you mean 'sinkgroups'?); an agent has sources,"
                + " channels, sinks, sinkgroups and configfilters")),
        Arguments.of("group naming a missing sink", GOOD + "a1.sinkgroups = g1\n"
                + "a1.sinkgroups.g1.sinks = k1 k2\na1.sinkgroups.g1.processor.type = failover\n",
            List.of("a1.sinkgroups.g1.sinks: names sink 'k2', which is not listed in a1.sinks")),
        Arguments.of("unresolvable substitution",
            GOOD.replace("capacity = 1000", "capacity = ${env:CAPACITY}"),
            List.of("a1.channels.c1.capacity: cannot resolve '${env:CAPACITY}': use ${env:NAME},"
                + " ${sys:name} or ${filter['key']}, and make sure it is set (or give a default"
                + " with :-)")),
        Arguments.of("missing type", GOOD.replace("a1.channels.c1.type = memory\n", ""),
            List.of("a1.channels.c1.type: is required; known types: ")),
        Arguments.of("several problems at once", GOOD.replace("type = seq", "type = nope")
                .replace("a1.sinks.k1.channel = c1", "a1.sinks.k1.channel = c9"),
            List.of("a1.sources.r1.type: unknown source type 'nope'",
                "a1.sinks.k1.channel: names channel 'c9', which is not listed in a1.channels")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenConfigs")
  void brokenConfigIsRefusedWithExactProblems(String name, String text, List<String> expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(loader, text));
    List<String> actual = e.problems().stream().map(ConfigProblem::toString).toList();
    assertEquals(expected.size(), actual.size(), "problems: " + actual);
    for (int i = 0; i < expected.size(); i++) {
      String want = expected.get(i);
      String got = actual.get(i);
      assertTrue(got.startsWith(want), "expected problem starting with\n  " + want + "\nbut got\n  "
          + got + "\nall: " + actual);
    }
  }

  @Test
  void goodConfigLoadsWithTypedSpecs() {
    AgentConfig c = load(loader, GOOD);
    assertEquals(List.of("r1"), List.copyOf(c.sources().keySet()));
    assertEquals(List.of("c1"), c.sources().get("r1").channels());
    assertEquals("c1", c.sinks().get("k1").channel());
    assertTrue(c.sinkGroups().get("k1").implicit());
  }

  @Test
  void otherAgentsInTheFileAreIgnoredAndMissingAgentIsNamed() {
    String two = GOOD + "a2.sources = x\n";
    assertEquals("a1", load(loader, two).agentName());
    ConfigException e = assertThrows(ConfigException.class,
        () -> loader.load(FlumeProperties.parse(two), "a3"));
    assertTrue(e.getMessage().contains("no configuration for agent 'a3' (agents in this file: a1,"
        + " a2)"), e.getMessage());
  }

  @Test
  void unlistedComponentIsAWarningNotAnError() {
    AgentConfig c = load(loader, GOOD + "a1.sinks.k9.type = logger\n");
    assertEquals(List.of("a1.sinks.k9.type is ignored: 'k9' is not listed in a1.sinks"),
        c.warnings());
  }


  @Test
  void flumeUserGuideExampleLoadsUnchanged() {
    AgentConfig c = load(loader, FlumeExamples.USER_GUIDE_EXAMPLE);
    assertEquals(List.of(), c.warnings());
    assertEquals("netcat", c.sources().get("r1").factory().type());
    assertEquals("logger", c.sinks().get("k1").factory().type());
  }
}
