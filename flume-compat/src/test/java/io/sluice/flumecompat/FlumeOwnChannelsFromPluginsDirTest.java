package io.sluice.flumecompat;

import static io.sluice.flumecompat.FlumeChannelsInSluiceTest.expectedBodies;
import static io.sluice.flumecompat.FlumeChannelsInSluiceTest.fileRollFrom;
import static io.sluice.flumecompat.FlumeChannelsInSluiceTest.lines;
import static io.sluice.flumecompat.FlumeChannelsInSluiceTest.seqInto;
import static io.sluice.flumecompat.TestAgents.DEADLINE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.core.agent.Agent;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flume 1.11.0's own spillable memory channel, which Sluice does not provide, from Flume's published
 * jars laid out in plugins.d as a Flume user has them ({@code plugins.d/spillable/lib}: the channel
 * and the file channel it extends; {@code libext}: protobuf, mapdb, snappy, commons-collections,
 * commons-cli),
 * between Sluice's own source and sink.
 */
class FlumeOwnChannelsFromPluginsDirTest {
  @TempDir Path tmp;

  /** The build's copy of the jars (target/flume-plugins), copied into a plugins.d of this test. */
  private ComponentRegistry registryWithPluginsDir() throws IOException {
    Path built = Path.of(System.getProperty("sluice.flume.test.plugins.d", "target/flume-plugins"));
    Path plugin = tmp.resolve("plugins.d/spillable");
    try (Stream<Path> files = Files.walk(built.resolve("spillable"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = plugin.resolve(built.resolve("spillable").relativize(f));
        Files.copy(f, Files.createDirectories(to.getParent()).resolve(f.getFileName()));
      }
    }
    return TestAgents.withPlugins(FlumeCompatSettings.expand(
        plugin.resolve("lib") + "/*:" + plugin.resolve("libext") + "/*"));
  }

  private String spillable(String type, int memoryCapacity) {
    return """
        a1.channels.c1.type = %s
        a1.channels.c1.memoryCapacity = %d
        a1.channels.c1.overflowCapacity = 100000
        a1.channels.c1.keep-alive = 1
        a1.channels.c1.checkpointDir = %s
        a1.channels.c1.dataDirs = %s
        a1.channels.c1.minimumRequiredSpace = 1048576
        """.formatted(type, memoryCapacity, tmp.resolve("checkpoint"), tmp.resolve("data"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"spillablememory", "org.apache.flume.channel.SpillableMemoryChannel"})
  void flumesSpillableMemoryChannelFromPluginsDirCarriesEveryEvent(String type) throws IOException {
    Path out = Files.createDirectories(tmp.resolve("out"));
    try (Agent a = TestAgents.start(registryWithPluginsDir(), seqInto(1000, spillable(type, 100))
        + fileRollFrom(out))) {
      await().atMost(DEADLINE).until(() -> lines(out).size() >= 1000);
      assertEquals(expectedBodies(1000), lines(out));
      await().atMost(DEADLINE).until(() -> a.channel("c1").size() == 0);
      assertEquals(1000, a.metrics().value("CHANNEL.c1", "EventPutSuccessCount"));
      assertEquals(1000, a.metrics().value("CHANNEL.c1", "EventTakeSuccessCount"));
      // Size and capacity from the channel's own ChannelCounter: memory plus overflow capacity.
      assertEquals(100_100, a.channel("c1").capacity());
    }
  }

  /**
   * A reload that changes the channel stops the old instance first (it holds Flume's checkpoint and
   * data directories), and the new one replays what the old one spilled: nothing lost, nothing twice.
   */
  @Test
  void aReloadedSpillableChannelFindsTheEventsItSpilledToDisk() throws IOException {
    ComponentRegistry registry = registryWithPluginsDir();
    Path out = Files.createDirectories(tmp.resolve("out"));
    // memoryCapacity 0: every event on disk
    try (Agent a = TestAgents.start(registry, seqInto(300, spillable("spillablememory", 0)))) {
      await().atMost(DEADLINE).until(() -> a.channel("c1").size() == 300);
      // The changed source (a new seq starts over) produces nothing: what arrives was spilled.
      String changed = seqInto(0, spillable("spillablememory", 0))
          .replace("keep-alive = 1", "keep-alive = 2") + fileRollFrom(out);
      a.reload(TestAgents.loader(registry).load(FlumeProperties.parse(changed), "a1"));
      await().atMost(DEADLINE).until(() -> lines(out).size() >= 300 && a.channel("c1").size() == 0);
      assertEquals(expectedBodies(300), lines(out));
    }
  }
}
