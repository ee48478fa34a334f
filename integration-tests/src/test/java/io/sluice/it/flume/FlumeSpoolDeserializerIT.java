package io.sluice.it.flume;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.edge.spooldir.SpoolDirectorySource;
import io.sluice.edge.spooldir.SpoolDirectorySourceFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #23: a spooldir {@code deserializer} built against Flume 1.11's API (flume-test-plugin's
 * {@code KeyValueRecordDeserializer}: records of {@code key=value} lines) runs in Sluice unchanged.
 * Apache Flume 1.11.0 (its own JVM) and Sluice (this JVM, through the agent runtime) read the same
 * spool directory with the same config into the plugin's own sink; the events, bodies and headers,
 * are the same line for line. And a Sluice source stopped in the middle of a file resumes at its
 * last committed event: nothing twice, nothing lost.
 */
class FlumeSpoolDeserializerIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final String DESERIALIZER = "com.example.KeyValueRecordDeserializer$Builder";
  private static final int FILES = 3;
  private static final int RECORDS = 120;

  @TempDir Path tmp;

  private static String config(Path spool, Path out) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = spooldir
        a1.sources.r1.spoolDir = %s
        a1.sources.r1.channels = c1
        a1.sources.r1.batchSize = 50
        a1.sources.r1.basenameHeader = true
        a1.sources.r1.deserializer = %s
        a1.sources.r1.deserializer.bodyKey = msg
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 10000
        a1.channels.c1.transactionCapacity = 100
        a1.sinks.k1.type = com.example.LineFileSink
        a1.sinks.k1.channel = c1
        a1.sinks.k1.path = %s
        a1.sinks.k1.batchSize = 100
        """.formatted(spool, DESERIALIZER, out);
  }

  /** FILES files of RECORDS records each, oldest first; every third record has a non-ASCII body. */
  private static void spool(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (int f = 0; f < FILES; f++) {
      StringBuilder text = new StringBuilder();
      for (int r = 0; r < RECORDS; r++) {
        text.append("host=web-").append(r % 4).append('\n')
            .append("seq=").append(f).append('-').append(r).append('\n')
            .append("msg=").append(r % 3 == 0 ? "caf\u00e9 \ud83d\ude00 " : "plain ").append(r)
            .append('\n');
        if (r % 5 != 4) {
          text.append('\n'); // records usually end at a blank line; some at the next record's host
          text.append(r % 7 == 0 ? "\n" : "");
        }
      }
      Path file = Files.writeString(dir.resolve("app-" + f + ".log"), text, StandardCharsets.UTF_8);
      Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_000_000L + f * 1000L));
    }
  }

  @Test
  void aPluginDeserializerGivesTheSameEventsInFlumeAndInSluice() throws Exception {
    Path flumeSpool = tmp.resolve("spool-flume");
    Path sluiceSpool = tmp.resolve("spool-sluice");
    spool(flumeSpool);
    spool(sluiceSpool);
    Path flumeOut = tmp.resolve("flume-events.txt");
    Path sluiceOut = tmp.resolve("sluice-events.txt");
    int expected = expectedEvents();

    try (FlumeAgentProcess flume = FlumeAgentProcess.startWithJars(tmp.resolve("flume"),
        config(flumeSpool, flumeOut), List.of(FlumePluginJarIT.pluginJar()), DEADLINE,
        "Component type: SOURCE, name: r1 started")) {
      awaitLines(flumeOut, expected);
    }
    Agent sluice = new Agent(new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()))
        .load(FlumeProperties.parse(config(sluiceSpool, sluiceOut)), "a1"),
        AgentOptions.defaults().withShutdownGrace(Duration.ofSeconds(10)));
    sluice.start();
    try {
      awaitLines(sluiceOut, expected);
    } finally {
      sluice.stop();
    }

    List<String> byFlume = Files.readAllLines(flumeOut, StandardCharsets.UTF_8);
    assertEquals(expected, byFlume.size());
    assertEquals("{basename=app-0.log, host=web-0, seq=0-0}|caf\u00e9 \ud83d\ude00 0", byFlume.get(0));
    assertEquals(byFlume, Files.readAllLines(sluiceOut, StandardCharsets.UTF_8));
  }

  /**
   * Records 4, 9, 14... run into the next one (no blank line), whose lines win: one event fewer
   * each, but for the file's last record.
   */
  private static int expectedEvents() {
    return FILES * (RECORDS - (RECORDS - 1) / 5);
  }

  private static void awaitLines(Path file, int count) {
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() ->
        Files.exists(file) && Files.readAllLines(file, StandardCharsets.UTF_8).size() >= count);
  }

  @Test
  void aSluiceSourceStoppedMidFileResumesAtItsLastCommittedEvent() throws Exception {
    Path spool = tmp.resolve("spool");
    spool(spool);
    Map<String, String> raw = Map.of("spoolDir", spool.toString(), "pollDelay", "10", "batchSize", "7",
        "deserializer", DESERIALIZER, "deserializer.bodyKey", "msg");
    // What an uninterrupted run delivers, from a copy of the directory.
    Path copy = tmp.resolve("spool-reference");
    spool(copy);
    Recorder all = new Recorder(Integer.MAX_VALUE);
    SpoolDirectorySource reference = source(Map.of("spoolDir", copy.toString(), "pollDelay", "10",
        "batchSize", "7", "deserializer", DESERIALIZER, "deserializer.bodyKey", "msg"), all);
    runUntilIdle(reference);
    reference.stop();
    assertEquals(expectedEvents(), all.events.size());

    // First run: three batches commit, the fourth is read and refused; then the source stops.
    Recorder first = new Recorder(3);
    SpoolDirectorySource run1 = source(raw, first);
    for (int i = 0; i < 4; i++) {
      run1.process();
    }
    run1.stop(); // saves nothing: progress is written only after a commit, as before a crash
    assertEquals(21, first.events.size());
    assertEquals(1, first.refused);

    Recorder second = new Recorder(Integer.MAX_VALUE);
    SpoolDirectorySource run2 = source(raw, second);
    runUntilIdle(run2);
    run2.stop();
    List<String> delivered = new ArrayList<>(first.events);
    delivered.addAll(second.events);
    assertEquals(all.events, delivered, "the restarted source must start at event 22 of the first file");
  }

  private static SpoolDirectorySource source(Map<String, String> raw, ChannelProcessor processor)
      throws Exception {
    SpoolDirectorySourceFactory f = new SpoolDirectorySourceFactory();
    SpoolDirectorySource s = (SpoolDirectorySource) f.create(Configs.configure(f, raw),
        DefaultComponentContext.builder("a1", "r1", new MetricsRegistry().group("SOURCE.r1"))
            .channelProcessor(processor).build());
    s.start();
    return s;
  }

  private static void runUntilIdle(SpoolDirectorySource s) {
    int steps = 0;
    while (s.process() == Status.READY) {
      assertTrue(++steps < 10_000, "the source never went idle");
    }
  }

  /** Takes the first {@code accept} batches (as "headers|body" lines), then refuses every one. */
  private static final class Recorder implements ChannelProcessor {
    final List<String> events = new ArrayList<>();
    final int accept;
    int batches;
    int refused;

    Recorder(int accept) {
      this.accept = accept;
    }

    @Override
    public void processEvent(Event event) {
      processEventBatch(List.of(event));
    }

    @Override
    public void processEventBatch(List<Event> batch) {
      if (batches >= accept) {
        refused++;
        throw new ChannelException("test: channel refuses the batch");
      }
      batches++;
      batch.forEach(e -> events.add(new TreeMap<>(e.getHeaders()) + "|"
          + new String(e.getBody(), StandardCharsets.UTF_8)));
    }
  }
}
