package io.sluice.core.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Source;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeExamples;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole agents built from Flume-format properties, with outcomes counted in the files that landed. */
class AgentTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final AgentOptions FAST = AgentOptions.defaults()
      .withRestartBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
      .withShutdownGrace(Duration.ofSeconds(20));

  @TempDir Path tmp;

  private final ComponentRegistry registry = ComponentRegistry.fromContextClassLoader();

  private Agent agent(String text) {
    return agent(text, FAST);
  }

  private Agent agent(String text, AgentOptions options) {
    var loader = new AgentConfigLoader(registry, ValueSubstitutor.of(Map.of(), Map.of()));
    Agent a = new Agent(loader.load(FlumeProperties.parse(text), "a1"), options);
    a.start();
    return a;
  }

  private static String seqToFiles(int total, Path dir) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = seq
        a1.sources.r1.batchSize = 100
        a1.sources.r1.totalEvents = %d
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 5000
        a1.channels.c1.transactionCapacity = 500
        a1.channels.c1.keep-alive = 0.2
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %s
        a1.sinks.k1.sink.rollInterval = 1
        a1.sinks.k1.sink.batchSize = 500
        """.formatted(total, dir.toString().replace("\\", "/"));
  }

  private static Set<String> range(int n) {
    return IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.toSet());
  }

  @Test
  void seqThroughMemoryToFileRollLandsEveryEventOnce() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    try (Agent a = agent(seqToFiles(20_000, out))) {
      await().atMost(DEADLINE).until(() -> LandedLines.count(out) >= 20_000);
      List<String> lines = LandedLines.in(out);
      LandedLines.assertNoDuplicates(lines);
      assertEquals(range(20_000), new HashSet<>(lines));
      assertEquals(20_000, a.metrics().value("SINK.k1", "EventDrainSuccessCount"));
    }
  }

  @Test
  void eachLaneOfAPollableSourceRunsOnARunnerThreadOfItsOwnThatStopsWithTheAgent() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    String config = seqToFiles(0, out).replace("a1.sources.r1.type = seq",
        "a1.sources.r1.type = " + LanedSourceFactory.class.getName() + "\na1.sources.r1.lanes = 3")
        .replace("a1.sources.r1.totalEvents = 0", "a1.sources.r1.totalEvents = 3000");
    List<LanedSourceFactory.Lane> lanes;
    try (Agent a = agent(config)) {
      await().atMost(DEADLINE).until(() -> LandedLines.count(out) >= 3_000);
      lanes = ((LanedSourceFactory.LanedSource) a.source("r1")).lanes();
      List<String> lines = LandedLines.in(out);
      LandedLines.assertNoDuplicates(lines);
      assertEquals(range(3_000), new HashSet<>(lines));
    }
    Set<Thread> all = new HashSet<>();
    for (LanedSourceFactory.Lane lane : lanes) {
      assertEquals(1, lane.threads.size(), "one runner thread per lane: " + lane.threads);
      all.addAll(lane.threads);
    }
    assertEquals(3, all.size(), "the lanes share a thread: " + all);
    for (Thread t : all) {
      assertTrue(t.getName().startsWith("a1-r1-runner-"), t.getName());
      assertFalse(t.isAlive(), t.getName() + " outlived the agent");
    }
  }

  @Test
  void stopDrainsTheChannelIntoTheSinkBeforeStopping() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Agent a = agent(seqToFiles(1_000_000, out));
    await().atMost(DEADLINE).until(() -> LandedLines.count(out) > 1000);
    a.stop();
    long accepted = a.metrics().value("SOURCE.r1", "EventAcceptedCount");
    List<String> lines = LandedLines.in(out);
    assertTrue(accepted > 1000);
    assertEquals(accepted, lines.size(), "every accepted event must be in the files after stop");
    assertEquals(range((int) accepted), new HashSet<>(lines));
  }

  /**
   * The grace is for draining, and nothing drains c1. (The source's put into the full channel
   * still waits out its keep-alive before the source stops, as in Flume, hence a short one here.)
   */
  @Test
  void channelThatNoSinkDrainsDoesNotHoldUpTheStop() throws Exception {
    Agent a = agent("""
        a1.sources = r1
        a1.channels = c1
        a1.sources.r1.type = seq
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 1000
        a1.channels.c1.keep-alive = 0.2
        """);
    await().atMost(DEADLINE).until(() -> a.channel("c1").size() == 1000);
    long start = System.nanoTime();
    a.stop();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0,
        "no sink drains c1, so the 20 s grace must not apply; the stop took " + took);
  }

  @Test
  void channelWithARunningSinkStillGetsItsGrace() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Duration grace = Duration.ofMillis(1500);
    // c1 has no sink (not waited for); c2's sink runs but its next hop is down, so c2 cannot
    // empty and the stop waits the whole grace for it; c3's sink drains it completely.
    Agent a = agent("""
        a1.sources = r1 r2 r3
        a1.channels = c1 c2 c3
        a1.sinks = k2 k3
        a1.sources.r1.type = seq
        a1.sources.r1.channels = c1
        a1.sources.r2.type = seq
        a1.sources.r2.channels = c2
        a1.sources.r3.type = seq
        a1.sources.r3.totalEvents = 50000
        a1.sources.r3.channels = c3
        a1.channels.c1.type = memory
        a1.channels.c1.keep-alive = 0.2
        a1.channels.c2.type = memory
        a1.channels.c2.keep-alive = 0.2
        a1.channels.c3.type = memory
        a1.channels.c3.capacity = 50000
        a1.sinks.k2.type = avro
        a1.sinks.k2.channel = c2
        a1.sinks.k2.hostname = 127.0.0.1
        a1.sinks.k2.port = %d
        a1.sinks.k3.type = file_roll
        a1.sinks.k3.channel = c3
        a1.sinks.k3.sink.directory = %s
        """.formatted(freePort(), out.toString().replace("\\", "/")),
        FAST.withShutdownGrace(grace));
    await().atMost(DEADLINE).until(() -> a.channel("c1").size() > 0 && a.channel("c2").size() > 0
        && a.metrics().value("SOURCE.r3", "EventAcceptedCount") > 0);
    long start = System.nanoTime();
    a.stop();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(grace) >= 0, "c2 is drained by a running sink: " + took);
    assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "the stop took " + took);
    assertEquals(a.metrics().value("SOURCE.r3", "EventAcceptedCount"), LandedLines.count(out),
        "c3 drains completely into its sink");
  }

  private static String netcatToFiles(int port, Path dir, String extra) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = netcat
        a1.sources.r1.bind = 127.0.0.1
        a1.sources.r1.port = %d
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 10000
        a1.channels.c1.transactionCapacity = 100
        a1.channels.c1.keep-alive = 0.2
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %s
        a1.sinks.k1.sink.batchSize = 100
        %s
        """.formatted(port, dir.toString().replace("\\", "/"), extra);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Sends numbered lines over one connection, each acknowledged ("OK") before the next. */
  private static final class LineSender implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;
    final AtomicInteger acked = new AtomicInteger();

    LineSender(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      out = socket.getOutputStream();
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    void send(int from, int to) throws IOException {
      for (int i = from; i < to; i++) {
        out.write((i + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String reply = in.readLine();
        if (!"OK".equals(reply)) {
          throw new IOException("line " + i + " answered " + reply);
        }
        acked.incrementAndGet();
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void hotReloadOfOneSinkKeepsTheSourceAndLosesNothing() throws Exception {
    Path dirA = tmp.resolve("a");
    Path dirB = tmp.resolve("b");
    Files.createDirectories(dirA);
    Files.createDirectories(dirB);
    int port = freePort();
    Path conf = tmp.resolve("agent.properties");
    Files.writeString(conf, netcatToFiles(port, dirA, ""));
    AgentApplication app = new AgentApplication(new PropertiesFileConfigSource(List.of(conf)), "a1",
        Duration.ZERO, FAST, registry);
    try (app; LineSender sender = new LineSender(portReady(app, port))) {
      Source before = app.agent().source("r1");
      sender.send(0, 2_000);
      await().atMost(DEADLINE).until(() -> LandedLines.count(dirA) == 2_000);

      // The sender keeps going on its own thread while the sink is reloaded.
      Thread flow = new Thread(() -> {
        try {
          sender.send(2_000, 6_000);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }, "test-sender");
      flow.start();
      await().atMost(DEADLINE).until(() -> sender.acked.get() > 2_500);
      Files.writeString(conf, netcatToFiles(port, dirB, ""));
      app.pollOnce();
      flow.join(DEADLINE.toMillis());
      assertFalse(flow.isAlive());

      assertSame(before, app.agent().source("r1"), "the source must not be restarted");
      sender.send(6_000, 7_000); // after the reload: must land in the new directory
      await().atMost(DEADLINE).until(() -> LandedLines.count(dirA, dirB) >= 7_000);
      List<String> lines = LandedLines.in(dirA, dirB);
      assertEquals(range(7_000), new HashSet<>(lines));
      LandedLines.assertNoDuplicates(lines);
      assertTrue(LandedLines.count(dirB) > 0, "the reloaded sink must write to its new directory");
    }
  }

  private static int portReady(AgentApplication app, int port) throws IOException {
    app.start();
    await().atMost(DEADLINE).until(() -> app.agent().allRunning());
    return port;
  }

  @Test
  void flumeUserGuideExampleRunsUnchanged() throws Exception {
    try (ServerSocket probe = new ServerSocket(44444, 1, InetAddress.getByName("localhost"))) {
      probe.getLocalPort();
    } catch (IOException e) {
      org.junit.jupiter.api.Assumptions.abort("port 44444, fixed by the example, is taken");
    }
    try (Agent a = agent(FlumeExamples.USER_GUIDE_EXAMPLE)) {
      await().atMost(DEADLINE).until(a::allRunning);
      try (LineSender sender = new LineSender(44444)) {
        sender.send(0, 50);
      }
      await().atMost(DEADLINE).until(() -> a.metrics().value("SINK.k1", "EventDrainSuccessCount")
          == 50);
    }
  }

  @Test
  void invalidChangeIsRejectedAndTheRunningConfigStays() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("out"));
    int port = freePort();
    Path conf = tmp.resolve("agent.properties");
    Files.writeString(conf, netcatToFiles(port, dir, ""));
    AgentApplication app = new AgentApplication(new PropertiesFileConfigSource(List.of(conf)), "a1",
        Duration.ZERO, FAST, registry);
    try (app; LineSender sender = new LineSender(portReady(app, port))) {
      Source before = app.agent().source("r1");
      Files.writeString(conf, netcatToFiles(port, dir, "a1.channels.c1.capacity = lots"));
      app.pollOnce();
      assertSame(before, app.agent().source("r1"));
      sender.send(0, 500);
      await().atMost(DEADLINE).until(() -> LandedLines.count(dir) == 500);
    }
  }

  @Test
  void replacedMemoryChannelHandsItsEventsToTheNewOne() throws Exception {
    Path out = tmp.resolve("out");
    Path notADir = Files.writeString(tmp.resolve("blocker"), "a file where the sink wants a dir");
    String broken = seqToFiles(3_000, notADir);
    var loader = new AgentConfigLoader(registry, ValueSubstitutor.of(Map.of(), Map.of()));
    try (Agent a = new Agent(loader.load(FlumeProperties.parse(broken), "a1"), FAST)) {
      a.start();
      await().atMost(DEADLINE).until(() -> a.channel("c1").size() == 3_000);
      assertFalse(a.allRunning(), "the sink cannot start while its directory is a file");

      Files.createDirectories(out);
      // The new config drops the source: a restarted seq source would count from 0 again.
      String fixed = seqToFiles(3_000, out).replace("capacity = 5000", "capacity = 8000")
          .replace("a1.sources = r1", "a1.sources =");
      a.reload(loader.load(FlumeProperties.parse(fixed), "a1"));
      await().atMost(DEADLINE).until(() -> LandedLines.count(out) >= 3_000);
      List<String> lines = LandedLines.in(out);
      assertEquals(range(3_000), new HashSet<>(lines));
      LandedLines.assertNoDuplicates(lines);
    }
  }

  @Test
  void changedFileChannelOnTheSameDirectoriesKeepsItsEventsAcrossAReload() throws Exception {
    Path out = tmp.resolve("out");
    Path notADir = Files.writeString(tmp.resolve("blocker"), "a file where the sink wants a dir");
    String fileChannel = """
        a1.channels.c1.type = file
        a1.channels.c1.checkpointDir = %s
        a1.channels.c1.dataDirs = %s
        """.formatted(tmp.resolve("cp").toString().replace("\\", "/"),
            tmp.resolve("data").toString().replace("\\", "/"));
    String broken = seqToFiles(3_000, notADir).replace("a1.channels.c1.type = memory\n", fileChannel);
    var loader = new AgentConfigLoader(registry, ValueSubstitutor.of(Map.of(), Map.of()));
    try (Agent a = new Agent(loader.load(FlumeProperties.parse(broken), "a1"), FAST)) {
      a.start();
      await().atMost(DEADLINE).until(() -> a.channel("c1").size() == 3_000);

      Files.createDirectories(out);
      // A changed file channel over the same directories: the new instance must open them.
      String fixed = seqToFiles(3_000, out).replace("a1.channels.c1.type = memory\n", fileChannel)
          .replace("capacity = 5000", "capacity = 8000").replace("a1.sources = r1", "a1.sources =");
      a.reload(loader.load(FlumeProperties.parse(fixed), "a1"));
      await().atMost(DEADLINE).until(() -> LandedLines.count(out) >= 3_000);
      List<String> lines = LandedLines.in(out);
      assertEquals(range(3_000), new HashSet<>(lines));
      LandedLines.assertNoDuplicates(lines);
      assertEquals(8_000, a.channel("c1").capacity(), "the new instance runs");
    }
  }

  @Test
  void membersAddedAndRemovedUnderLoadLoseNothing() throws Exception {
    Path[] dirs = new Path[4];
    for (int i = 1; i <= 3; i++) {
      dirs[i] = Files.createDirectories(tmp.resolve("k" + i));
    }
    String text = seqToFiles(300_000, dirs[1]).replace("a1.sinks = k1", "a1.sinks = k1 k2") + """
        a1.sinks.k2.type = file_roll
        a1.sinks.k2.channel = c1
        a1.sinks.k2.sink.directory = %s
        a1.sinks.k2.sink.batchSize = 500
        a1.sinkgroups = g1
        a1.sinkgroups.g1.sinks = k1 k2
        a1.sinkgroups.g1.processor.type = load_balance
        """.formatted(dirs[2].toString().replace("\\", "/"));
    var loader = new AgentConfigLoader(registry, ValueSubstitutor.of(Map.of(), Map.of()));
    try (Agent a = new Agent(loader.load(FlumeProperties.parse(text), "a1"), FAST)) {
      a.start();
      assertEquals(2, a.runnerCount("g1"), "one runner per member");
      await().atMost(DEADLINE).until(() -> LandedLines.count(dirs[1], dirs[2]) > 10_000);
      a.addSinkToGroup("g1", loader.sinkSpec("a1", "k3", Map.of("type", "file_roll",
          "channel", "c1", "sink.directory", dirs[3].toString(), "sink.batchSize", "500")));
      assertEquals(3, a.runnerCount("g1"));
      await().atMost(DEADLINE).until(() -> LandedLines.count(dirs[3]) > 0);
      assertTrue(a.removeSinkFromGroup("g1", "k1"));
      assertEquals(2, a.runnerCount("g1"));
      int k1Final = LandedLines.count(dirs[1]);
      await().atMost(DEADLINE).until(() -> LandedLines.count(dirs[1], dirs[2], dirs[3]) >= 300_000);
      assertEquals(k1Final, LandedLines.count(dirs[1]), "a removed member gets no more batches");
      List<String> lines = LandedLines.in(dirs[1], dirs[2], dirs[3]);
      LandedLines.assertNoDuplicates(lines);
      assertEquals(range(300_000), new HashSet<>(lines));
    }
  }

  @Test
  void discoveredGroupFollowsItsMembersUnderLoad() throws Exception {
    Path[] dirs = new Path[4];
    for (int i = 1; i <= 3; i++) {
      dirs[i] = Files.createDirectories(tmp.resolve("m" + i));
    }
    Path list = tmp.resolve("members.properties");
    java.util.function.IntFunction<Map<String, String>> member = i -> Map.of("type", "file_roll",
        "sink.directory", dirs[i].toString(), "sink.batchSize", "500");
    io.sluice.core.testutil.FileListDiscoveryFactory.write(list, new java.util.LinkedHashMap<>(
        Map.of("m1", member.apply(1))));
    String text = """
        a1.sources = r1
        a1.channels = c1
        a1.sources.r1.type = seq
        a1.sources.r1.batchSize = 100
        a1.sources.r1.totalEvents = 300000
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 5000
        a1.channels.c1.transactionCapacity = 500
        a1.channels.c1.keep-alive = 0.2
        a1.sinkgroups = g1
        a1.sinkgroups.g1.discovery = test_file
        a1.sinkgroups.g1.discovery.file = %s
        a1.sinkgroups.g1.channel = c1
        a1.sinkgroups.g1.processor.type = load_balance
        """.formatted(list.toString().replace("\\", "/"));
    try (Agent a = agent(text)) {
      await().atMost(DEADLINE).until(() -> LandedLines.count(dirs[1]) > 10_000);
      var two = new java.util.LinkedHashMap<String, Map<String, String>>();
      two.put("m2", member.apply(2));
      two.put("m3", member.apply(3));
      io.sluice.core.testutil.FileListDiscoveryFactory.write(list, two);
      await().atMost(DEADLINE).until(() -> a.runnerCount("g1") == 2
          && LandedLines.count(dirs[2]) > 0 && LandedLines.count(dirs[3]) > 0);
      int m1Final = LandedLines.count(dirs[1]);
      await().atMost(DEADLINE).until(() -> LandedLines.count(dirs[1], dirs[2], dirs[3]) >= 300_000);
      assertEquals(m1Final, LandedLines.count(dirs[1]), "a member no longer discovered gets nothing");
      List<String> lines = LandedLines.in(dirs[1], dirs[2], dirs[3]);
      LandedLines.assertNoDuplicates(lines);
      assertEquals(range(300_000), new HashSet<>(lines));
    }
  }

  @Test
  void componentThatCannotStartIsRetriedWhileTheRestRuns() throws Exception {
    Path netcatOut = Files.createDirectories(tmp.resolve("n"));
    Path seqOut = Files.createDirectories(tmp.resolve("s"));
    ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    int port = squatter.getLocalPort();
    String text = netcatToFiles(port, netcatOut, """
        a1.sources = r1 r2
        a1.channels = c1 c2
        a1.sinks = k1 k2
        a1.sources.r2.type = seq
        a1.sources.r2.totalEvents = 1000
        a1.sources.r2.channels = c2
        a1.channels.c2.type = memory
        a1.sinks.k2.type = file_roll
        a1.sinks.k2.channel = c2
        a1.sinks.k2.sink.directory = %s
        """.formatted(seqOut.toString().replace("\\", "/")));
    try (Agent a = agent(text)) {
      await().atMost(DEADLINE).until(() -> LandedLines.count(seqOut) == 1_000);
      assertFalse(a.allRunning(), "netcat cannot bind while the port is taken");
      squatter.close();
      await().atMost(DEADLINE).until(a::allRunning);
      try (LineSender sender = new LineSender(port)) {
        sender.send(0, 100);
      }
      await().atMost(DEADLINE).until(() -> LandedLines.count(netcatOut) == 100);
    } finally {
      squatter.close();
    }
  }
}
