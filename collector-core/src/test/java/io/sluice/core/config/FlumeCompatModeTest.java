package io.sluice.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.core.config.ComponentSpecs.SinkGroupSpec;
import io.sluice.core.registry.ComponentRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configs that Flume 1.11 runs and strict mode refuses: each with the key strict mode names, the
 * problems {@code --compat flume} tolerates (in order) and exactly what then runs.
 */
class FlumeCompatModeTest {
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

  private static final String GROUP = """
      a1.sources = r1
      a1.channels = c1
      a1.sinks = k1 k2
      a1.sinkgroups = g1
      a1.sources.r1.type = seq
      a1.sources.r1.channels = c1
      a1.channels.c1.type = memory
      a1.sinks.k1.type = null
      a1.sinks.k1.channel = c1
      a1.sinks.k2.type = com.example.flume.MySink
      a1.sinks.k2.channel = c1
      a1.sinkgroups.g1.sinks = k1 k2
      a1.sinkgroups.g1.processor.type = failover
      a1.sinkgroups.g1.processor.priority.k1 = 5
      a1.sinkgroups.g1.processor.priority.k2 = 10
      """;

  private final AgentConfigLoader loader = new AgentConfigLoader(
      ComponentRegistry.fromContextClassLoader(), ValueSubstitutor.of(Map.of(), Map.of()));

  /** What runs, one line per kind, e.g. {@code sources r1->[c1]}. */
  static String running(AgentConfig c) {
    Map<String, String> out = new TreeMap<>();
    out.put("1 sources", String.join(" ", c.sources().values().stream()
        .map(s -> s.name() + "->" + s.channels()).toList()));
    out.put("2 channels", String.join(" ", c.channels().keySet()));
    out.put("3 sinks", String.join(" ", c.sinks().values().stream()
        .map(s -> s.name() + "<-" + s.channel()).toList()));
    out.put("4 groups", String.join(" ", c.sinkGroups().values().stream()
        .map(FlumeCompatModeTest::group).toList()));
    return out.toString();
  }

  private static String group(SinkGroupSpec g) {
    return g.name() + (g.implicit() ? "" : ":" + g.processor().type()) + g.sinks();
  }

  static Stream<Arguments> flumeRunsStrictRefuses() {
    return Stream.of(
        Arguments.of("interceptor configured but not listed",
            GOOD + "a1.sources.r1.interceptors.i1.type = timestamp\n",
            "a1.sources.r1.interceptors.i1.type: configures an interceptor not listed",
            List.of("a1.sources.r1.interceptors.i1.type: configures an interceptor not listed in"
                + " a1.sources.r1.interceptors; ignored"),
            "{1 sources=r1->[c1], 2 channels=c1, 3 sinks=k1<-c1, 4 groups=k1[k1]}"),
        Arguments.of("typo'd key capcity",
            GOOD.replace("a1.channels.c1.capacity", "a1.channels.c1.capcity"),
            "a1.channels.c1.capcity: unknown key (did you mean 'capacity'?)",
            List.of("a1.channels.c1.capcity: unknown key (did you mean 'capacity'?); ignored"),
            "{1 sources=r1->[c1], 2 channels=c1, 3 sinks=k1<-c1, 4 groups=k1[k1]}"),
        Arguments.of("typo'd key transactionCapactiy",
            GOOD.replace("c1.transactionCapacity", "c1.transactionCapactiy"),
            "a1.channels.c1.transactionCapactiy: unknown key (did you mean"
                + " 'transactionCapacity'?)",
            List.of("a1.channels.c1.transactionCapactiy: unknown key (did you mean"
                + " 'transactionCapacity'?); ignored"),
            "{1 sources=r1->[c1], 2 channels=c1, 3 sinks=k1<-c1, 4 groups=k1[k1]}"),
        Arguments.of("listed-but-undefined channel",
            GOOD.replace("a1.channels = c1", "a1.channels = c1 c2")
                .replace("a1.sources.r1.channels = c1", "a1.sources.r1.channels = c1 c2"),
            "a1.channels.c2.type: is required",
            List.of("a1.channels.c2.type: is required; known types: ",
                "a1.sources.r1.channels: channel(s) [c2] are not valid (dropped, or not defined in"
                    + " a1.channels); source r1 writes only to [c1]"),
            "{1 sources=r1->[c1], 2 channels=c1, 3 sinks=k1<-c1, 4 groups=k1[k1]}"),
        Arguments.of("source naming a channel that is not listed",
            GOOD.replace("a1.sources.r1.channels = c1", "a1.sources.r1.channels = c1 c3"),
            "a1.sources.r1.channels: names channel 'c3', which is not listed in a1.channels",
            List.of("a1.sources.r1.channels: channel(s) [c3] are not valid (dropped, or not"
                + " defined in a1.channels); source r1 writes only to [c1]"),
            "{1 sources=r1->[c1], 2 channels=c1, 3 sinks=k1<-c1, 4 groups=k1[k1]}"),
        Arguments.of("invalid sink in a group (unknown custom class)", GROUP,
            "a1.sinks.k2.type: class 'com.example.flume.MySink' is not on the classpath",
            List.of("a1.sinks.k2.type: class 'com.example.flume.MySink' is not on the classpath;"
                    + " sink k2 is dropped",
                "a1.sinkgroups.g1.sinks: sink(s) [k2] are dropped; sink group g1 keeps [k1]"),
            "{1 sources=r1->[c1], 2 channels=c1, 3 sinks=k1<-c1, 4 groups=g1:failover[k1]}"),
        Arguments.of("unknown custom interceptor class drops its source",
            GOOD + "a1.sources.r1.interceptors = i1\n"
                + "a1.sources.r1.interceptors.i1.type = com.example.flume.MyInterceptor$Builder\n",
            "a1.sources.r1.interceptors.i1.type: class 'com.example.flume.MyInterceptor$Builder'"
                + " is not on the classpath",
            List.of("a1.sources.r1.interceptors.i1.type: class"
                + " 'com.example.flume.MyInterceptor$Builder' is not on the classpath; source r1 is"
                + " dropped"),
            "{1 sources=, 2 channels=c1, 3 sinks=k1<-c1, 4 groups=k1[k1]}"),
        Arguments.of("invalid channel drops the sink draining it",
            GOOD.replace("a1.channels = c1", "a1.channels = c1 c2")
                .replace("a1.sinks = k1", "a1.sinks = k1 k2")
                + "a1.channels.c2.type = memory\na1.channels.c2.capacity = lots\n"
                + "a1.sinks.k2.type = logger\na1.sinks.k2.channel = c2\n",
            "a1.channels.c2.capacity: 'lots' is not a valid",
            List.of("a1.channels.c2.capacity: 'lots' is not a valid integer; channel c2 is dropped",
                "a1.sinks.k2.channel: channel 'c2' is not valid (dropped, or not defined in"
                    + " a1.channels); sink k2 is dropped"),
            "{1 sources=r1->[c1], 2 channels=c1, 3 sinks=k1<-c1, 4 groups=k1[k1]}"),
        Arguments.of("group left with no sink is dropped",
            GROUP.replace("a1.sinks.k1.type = null", "a1.sinks.k1.type = nul"),
            "a1.sinks.k1.type: unknown sink type 'nul'",
            List.of("a1.sinks.k1.type: unknown sink type 'nul' (did you mean 'null'?)",
                "a1.sinks.k2.type: class 'com.example.flume.MySink' is not on the classpath",
                "a1.sinkgroups.g1.sinks: none of its sinks [k1, k2] is valid; sink group g1 is"
                    + " dropped"),
            "{1 sources=r1->[c1], 2 channels=c1, 3 sinks=, 4 groups=}"),
        Arguments.of("source given 'channel' and a sink given 'channels'",
            GOOD.replace("a1.sinks.k1.channel = c1", "a1.sinks.k1.channel = c1\n"
                + "a1.sinks.k1.channels = c1\n") + "a1.sources.r1.channel = c1\n",
            "a1.sources.r1.channel: a source takes 'channels'",
            List.of("a1.sources.r1.channel: a source takes 'channels' (plural, a list), not"
                    + " 'channel'; ignored",
                "a1.sinks.k1.channels: a sink takes one 'channel' (singular), not 'channels';"
                    + " ignored"),
            "{1 sources=r1->[c1], 2 channels=c1, 3 sinks=k1<-c1, 4 groups=k1[k1]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flumeRunsStrictRefuses")
  void strictRefusesNamingTheKey(String name, String text, String strictProblem,
      List<String> tolerated, String runs) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> loader.load(FlumeProperties.parse(text), "a1"));
    assertTrue(e.problems().stream().map(ConfigProblem::toString)
        .anyMatch(p -> p.startsWith(strictProblem)), "strict must report " + strictProblem
        + ", got " + e.problems());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flumeRunsStrictRefuses")
  void compatToleratesAsFlumeDoesAndRunsTheRest(String name, String text, String strictProblem,
      List<String> tolerated, String runs) {
    LoadedConfig loaded = loader.load(FlumeProperties.parse(text), "a1", ConfigMode.FLUME);
    List<String> got = loaded.tolerated().stream().map(ToleratedProblem::toString).toList();
    assertEquals(tolerated.size(), got.size(), "tolerated: " + got);
    for (int i = 0; i < tolerated.size(); i++) {
      assertTrue(got.get(i).startsWith(tolerated.get(i)), "expected\n  " + tolerated.get(i)
          + "\nbut got\n  " + got.get(i));
    }
    assertEquals(runs, running(loaded.config()));
  }

  @Test
  void droppedComponentsAreCountedOnceEach() {
    LoadedConfig loaded = loader.load(FlumeProperties.parse(
        GROUP.replace("a1.sinks.k1.type = null", "a1.sinks.k1.type = nul")), "a1",
        ConfigMode.FLUME);
    assertEquals(3, loaded.droppedCount(), loaded.tolerated().toString());
    assertEquals(List.of(List.of("sink k1"), List.of("sink k2"), List.of("sink group g1")),
        loaded.tolerated().stream().map(ToleratedProblem::dropped).toList());
  }

  @Test
  void droppedMembersPriorityIsForgottenSoTheGroupStillStarts() {
    LoadedConfig loaded = loader.load(FlumeProperties.parse(GROUP), "a1", ConfigMode.FLUME);
    SinkGroupSpec g = loaded.config().sinkGroups().get("g1");
    assertEquals(List.of("k1"), g.sinks());
    assertEquals("k1", g.fingerprint().get("sinks"));
    assertTrue(g.processorConfig().toString().contains("k1"), g.processorConfig().toString());
    assertTrue(!g.processorConfig().toString().contains("k2"), g.processorConfig().toString());
  }

  @Test
  void unlistedComponentIsAWarningInStrictAndCountedInCompat() {
    String text = GOOD + "a1.sinks.k9.type = logger\n";
    assertEquals(List.of("a1.sinks.k9.type is ignored: 'k9' is not listed in a1.sinks"),
        loader.load(FlumeProperties.parse(text), "a1").warnings());
    LoadedConfig loaded = loader.load(FlumeProperties.parse(text), "a1", ConfigMode.FLUME);
    assertEquals(List.of("a1.sinks.k9.type: is ignored: 'k9' is not listed in a1.sinks"),
        loaded.tolerated().stream().map(ToleratedProblem::toString).toList());
    assertEquals(0, loaded.droppedCount());
  }

  @Test
  void anAgentLeftWithNoChannelIsRefusedInCompatTooWithTheReasons() {
    String text = GOOD.replace("a1.channels.c1.type = memory", "a1.channels.c1.type = kafka");
    ConfigException e = assertThrows(ConfigException.class,
        () -> loader.load(FlumeProperties.parse(text), "a1", ConfigMode.FLUME));
    List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
    assertTrue(problems.get(0).startsWith("a1.channels.c1.type: unknown channel type 'kafka'"),
        problems.toString());
    assertEquals("a1.channels: no valid channel is left, so agent 'a1' cannot run (Flume refuses"
        + " it too)", problems.get(problems.size() - 1));
  }

  @Test
  void strictModeReportsNothingTolerated() {
    LoadedConfig loaded = loader.load(FlumeProperties.parse(GOOD), "a1", ConfigMode.STRICT);
    assertEquals(List.of(), loaded.tolerated());
    assertEquals(List.of("r1"), List.copyOf(loaded.config().sources().keySet()));
  }

  @Test
  void compatNameParses() {
    assertEquals(ConfigMode.FLUME, ConfigMode.ofCompat("flume"));
    assertEquals(ConfigMode.FLUME, ConfigMode.ofCompat("Flume"));
    assertThrows(IllegalArgumentException.class, () -> ConfigMode.ofCompat("flume-ng"));
  }
}
