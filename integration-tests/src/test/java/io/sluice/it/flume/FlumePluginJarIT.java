package io.sluice.it.flume;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One plugin jar (module flume-test-plugin: an interceptor, a pollable source, a sink and an
 * EventSerializer, compiled against Flume 1.11's API only) run by Apache Flume 1.11.0 in its own
 * JVM and by Sluice's unpacked distribution ({@code bin/flume-ng}, the jar in plugins.d) with the
 * same config: the file_roll output written through the plugin's serializer and the plugin sink's
 * output are the same line for line. Sluice also writes the serializer's output through its HDFS
 * sink (on the local file system; Flume's HDFS sink needs a Hadoop install this test lacks).
 */
class FlumePluginJarIT {
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final int TOTAL = 500;
  /** Bodies p-0..p-499 less the 50 that end in 7, which the interceptor drops. */
  private static final int KEPT = 450;

  @TempDir Path tmp;

  /** The flume-test-plugin jar, as built for this module's tests. */
  static Path pluginJar() {
    Path jar = Path.of(System.getProperty("sluice.flume.test.plugin",
        "target/flume-test-plugin/flume-test-plugin.jar"));
    assertTrue(Files.isRegularFile(jar), "no test plugin jar at " + jar.toAbsolutePath());
    return jar;
  }

  /** The config both run; {@code out} holds the sinks' output. */
  private static String config(Path out) {
    return """
        a1.sources = r1
        a1.channels = c1 c2
        a1.sinks = k1 k2
        a1.sources.r1.type = com.example.CountingSource
        a1.sources.r1.total = %d
        a1.sources.r1.batchSize = 7
        a1.sources.r1.channels = c1 c2
        a1.sources.r1.interceptors = i1
        a1.sources.r1.interceptors.i1.type = com.example.TaggingInterceptor$Builder
        a1.sources.r1.interceptors.i1.tag = blue
        a1.sources.r1.interceptors.i1.dropRegex = p-[0-9]*7
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 10000
        a1.channels.c1.transactionCapacity = 100
        a1.channels.c2.type = memory
        a1.channels.c2.capacity = 10000
        a1.channels.c2.transactionCapacity = 100
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %s
        a1.sinks.k1.sink.rollInterval = 0
        a1.sinks.k1.sink.serializer = com.example.FramedLineSerializer$Builder
        a1.sinks.k1.sink.serializer.title = plugin run
        a1.sinks.k1.sink.serializer.delimiter = ;
        a1.sinks.k2.type = com.example.LineFileSink
        a1.sinks.k2.channel = c2
        a1.sinks.k2.path = %s
        a1.sinks.k2.batchSize = 20
        """.formatted(TOTAL, out.resolve("roll"), out.resolve("lines.txt"));
  }

  /** Sluice only: the same serializer behind its HDFS sink, on a third channel. */
  private static String hdfsSink(Path out) {
    return """
        a1.channels = c1 c2 c3
        a1.sources.r1.channels = c1 c2 c3
        a1.channels.c3.type = memory
        a1.channels.c3.capacity = 10000
        a1.sinks = k1 k2 k3
        a1.sinks.k3.type = hdfs
        a1.sinks.k3.channel = c3
        a1.sinks.k3.hdfs.path = %s
        a1.sinks.k3.hdfs.filePrefix = events
        a1.sinks.k3.hdfs.fileType = DataStream
        a1.sinks.k3.hdfs.rollInterval = 0
        a1.sinks.k3.hdfs.rollSize = 0
        a1.sinks.k3.hdfs.rollCount = 0
        a1.sinks.k3.serializer = com.example.FramedLineSerializer$Builder
        a1.sinks.k3.serializer.title = plugin run
        a1.sinks.k3.serializer.delimiter = ;
        """.formatted(out.resolve("hdfs").toUri());
  }

  @Test
  void theSamePluginJarGivesTheSameOutputInFlumeAndInSluice() throws Exception {
    Path flumeOut = Files.createDirectories(tmp.resolve("flume-out/roll")).getParent();
    try (FlumeAgentProcess flume = FlumeAgentProcess.startWithJars(tmp.resolve("flume"),
        config(flumeOut), List.of(pluginJar()), DEADLINE,
        "Component type: SOURCE, name: r1 started")) {
      awaitLines(flumeOut);
    } // stopping closes the file_roll file: the serializer writes its trailer
    List<String> flumeRoll = lines(flumeOut.resolve("roll"));

    Path sluiceOut = Files.createDirectories(tmp.resolve("sluice-out/roll")).getParent();
    UnpackedDistribution dist = UnpackedDistribution.unpack(tmp);
    Path plugins = tmp.resolve("plugins.d");
    Path lib = Files.createDirectories(plugins.resolve("my-components/lib"));
    Files.copy(pluginJar(), lib.resolve("my-components.jar"));
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Files.copy(dist.home().resolve("conf/log4j2.xml"), conf.resolve("log4j2.xml"));
    Path confFile = Files.writeString(conf.resolve("flume.conf"),
        config(sluiceOut) + hdfsSink(sluiceOut));
    Path agentLog = tmp.resolve("sluice-agent.out");
    Process sluice = dist.flumeNg(Map.of(), "agent", "--conf", conf.toString(), "--conf-file",
        confFile.toString(), "--name", "a1", "--plugins-path", plugins.toString(),
        "-Dflume.root.logger=INFO,console").redirectErrorStream(true)
        .redirectOutput(agentLog.toFile()).start();
    try {
      awaitLines(sluiceOut);
      sluice.destroy(); // SIGTERM: the sinks drain their channels, then close their files
      assertTrue(sluice.waitFor(60, TimeUnit.SECONDS), "Sluice did not stop on SIGTERM");
    } finally {
      sluice.destroyForcibly();
    }
    String log = Files.readString(agentLog);

    assertEquals(KEPT + 2, flumeRoll.size(), flumeRoll.toString());
    assertEquals("# begin plugin run", flumeRoll.get(0));
    assertEquals("1;{src=r1, tag=blue};p-0", flumeRoll.get(1));
    assertEquals("# end " + KEPT + " events", flumeRoll.get(KEPT + 1));
    assertEquals(flumeRoll, lines(sluiceOut.resolve("roll")), "file_roll output; log:\n" + log);
    assertEquals(lines(flumeOut.resolve("lines.txt")), lines(sluiceOut.resolve("lines.txt")),
        "the plugin sink's output");
    assertEquals(flumeRoll, lines(sluiceOut.resolve("hdfs")), "HDFS sink through the serializer");
  }

  /** Waits until the plugin sink has every kept event and file_roll has them too. */
  private static void awaitLines(Path out) {
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() ->
        lines(out.resolve("lines.txt")).size() >= KEPT
            && lines(out.resolve("roll")).size() >= KEPT + 1);
  }

  /** The lines of a file, or of every file in a directory by name (Hadoop's .crc files left out). */
  private static List<String> lines(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return Files.readAllLines(path, StandardCharsets.UTF_8);
    }
    List<String> all = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        for (Path f : files.filter(Files::isRegularFile)
            .filter(f -> !f.getFileName().toString().endsWith(".crc")).sorted()
            .toList()) {
          all.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
      }
    }
    return all;
  }
}
