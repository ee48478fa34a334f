package io.sluice.flumecompat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.sink.RollingFileSinkConfig;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flume {@code EventSerializer.Builder} of the test plugin jar named in a file_roll sink's
 * {@code sink.serializer}, resolved through the adapter as agents resolve it: with the user's jar
 * visible to the thread's context class loader.
 */
class FlumeSerializersInSluiceTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String SERIALIZER = "com.example.FramedLineSerializer$Builder";

  @TempDir static Path work;
  static URLClassLoader userClasspath;

  @TempDir Path tmp;

  @BeforeAll
  static void buildPlugin() throws IOException {
    userClasspath = new URLClassLoader(new URL[] {FlumePluginJar.build(work).toUri().toURL()},
        FlumeSerializersInSluiceTest.class.getClassLoader());
  }

  @AfterAll
  static void closeLoader() throws IOException {
    userClasspath.close();
  }

  /** Runs {@code call} with the user's jar visible, as the launcher's classpath makes it. */
  private static <T> T withUserClasspath(Supplier<T> call) {
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    t.setContextClassLoader(userClasspath);
    try {
      return call.get();
    } finally {
      t.setContextClassLoader(before);
    }
  }

  private static AgentConfig load(String text) {
    return withUserClasspath(() -> new AgentConfigLoader(new ComponentRegistry(userClasspath),
        ValueSubstitutor.of(Map.of(), Map.of())).load(FlumeProperties.parse(text), "a1"));
  }

  private String seqToFileRoll(int events, String serializerLines) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = seq
        a1.sources.r1.totalEvents = %d
        a1.sources.r1.channels = c1
        a1.sources.r1.interceptors = i1
        a1.sources.r1.interceptors.i1.type = static
        a1.sources.r1.interceptors.i1.key = site
        a1.sources.r1.interceptors.i1.value = lab
        a1.channels.c1.type = memory
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %s
        a1.sinks.k1.sink.rollInterval = 0
        """.formatted(events, tmp.resolve("out")) + serializerLines;
  }

  @Test
  void fileRollWritesThroughAFlumeSerializerInFlumesOrderOfCalls() throws IOException {
    AgentConfig config = load(seqToFileRoll(5, """
        a1.sinks.k1.sink.serializer = %s
        a1.sinks.k1.sink.serializer.title = lab run
        a1.sinks.k1.sink.serializer.delimiter = \\t
        """.formatted(SERIALIZER)));
    try (Agent a = new Agent(config, AgentOptions.defaults())) {
      a.start();
      await().atMost(DEADLINE).until(() -> lines().size() >= 6);
    } // stop closes the file: the serializer's beforeClose writes its trailer
    List<String> expected = new ArrayList<>(List.of("# begin lab run"));
    for (int i = 0; i < 5; i++) {
      expected.add((i + 1) + "\t{site=lab}\t" + i);
    }
    expected.add("# end 5 events");
    assertEquals(expected, lines());
  }

  @Test
  void theSameSerializerConfigLoadsToEqualConfigs() {
    String text = seqToFileRoll(1, """
        a1.sinks.k1.sink.serializer = %s
        a1.sinks.k1.sink.serializer.title = t
        """.formatted(SERIALIZER));
    assertEquals(load(text).sinks().get("k1").config(), load(text).sinks().get("k1").config());
  }

  @Test
  void everySinksSerializerAndTheInterceptorsShareTheAgentsFlumeClassLoader() {
    AgentConfig config = load(seqToFileRoll(1, """
        a1.sources.r1.interceptors = i1 i2
        a1.sources.r1.interceptors.i2.type = com.example.TaggingInterceptor$Builder
        a1.sources.r1.interceptors.i2.tag = blue
        a1.sinks = k1 k2
        a1.sinks.k1.sink.serializer = %1$s
        a1.sinks.k1.sink.serializer.title = one
        a1.sinks.k2.type = file_roll
        a1.sinks.k2.channel = c1
        a1.sinks.k2.sink.directory = %2$s
        a1.sinks.k2.sink.serializer = %1$s
        a1.sinks.k2.sink.serializer.title = two
        """.formatted(SERIALIZER, tmp.resolve("out2"))));
    Class<?> interceptor = ((FlumeComponentConfig) config.sources().get("r1").interceptors().get(1)
        .config()).componentClass();
    for (String sink : List.of("k1", "k2")) {
      Class<?> builder = ((FlumeSerializerFactory) ((RollingFileSinkConfig) config.sinks()
          .get(sink).config()).serializer()).builderClass();
      assertSame(interceptor.getClassLoader(), builder.getClassLoader(), sink);
    }
    assertNotSame(userClasspath, interceptor.getClassLoader(), "loaded beside Flume's API");
  }

  @Test
  void serializerProblemsNameTheKey() {
    Map<String, String> missingTitle = problems(seqToFileRoll(1,
        "a1.sinks.k1.sink.serializer = " + SERIALIZER + "\n"));
    assertTrue(missingTitle.get("a1.sinks.k1.sink.serializer").contains(
        "serializer.title is required"), missingTitle.toString());

    Map<String, String> notBuilder = problems(seqToFileRoll(1,
        "a1.sinks.k1.sink.serializer = com.example.FramedLineSerializer\n"));
    assertTrue(notBuilder.get("a1.sinks.k1.sink.serializer").contains(
        "name its Builder class (com.example.FramedLineSerializer$Builder)"), notBuilder.toString());

    Map<String, String> absent = problems(seqToFileRoll(1,
        "a1.sinks.k1.sink.serializer = com.example.NoSuchSerializer$Builder\n"));
    assertTrue(absent.get("a1.sinks.k1.sink.serializer").contains("not on the classpath or in "
        + "plugins.d"), absent.toString());

    Map<String, String> notASerializer = problems(seqToFileRoll(1,
        "a1.sinks.k1.sink.serializer = com.example.LineFileSink\n"));
    assertTrue(notASerializer.get("a1.sinks.k1.sink.serializer").contains(
        "a Flume sink, not a Flume EventSerializer.Builder"), notASerializer.toString());

    // The built-in TEXT serializer takes only appendNewline: a typo is still an error.
    Map<String, String> typo = problems(seqToFileRoll(1,
        "a1.sinks.k1.sink.serializer.appendNewLine = false\n"));
    assertTrue(typo.get("a1.sinks.k1.sink.serializer.appendNewLine").contains(
        "takes only sink.serializer.appendNewline"), typo.toString());
  }

  @Test
  void headerAndTextIsBuiltIn() throws IOException {
    AgentConfig config = load(seqToFileRoll(2, "a1.sinks.k1.sink.serializer = HEADER_AND_TEXT\n"));
    try (Agent a = new Agent(config, AgentOptions.defaults())) {
      a.start();
      await().atMost(DEADLINE).until(() -> lines().size() >= 2);
    }
    assertEquals(List.of("{site=lab} 0", "{site=lab} 1"), lines());
  }

  private static Map<String, String> problems(String text) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(text));
    return e.problems().stream().collect(Collectors.toMap(p -> p.key(), p -> p.message(),
        (x, y) -> x + " / " + y));
  }

  private List<String> lines() throws IOException {
    Path dir = tmp.resolve("out");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        all.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    return all;
  }
}
