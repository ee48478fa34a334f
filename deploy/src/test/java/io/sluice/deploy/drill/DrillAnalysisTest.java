package io.sluice.deploy.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.deploy.quickstart.LandedEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillAnalysisTest {
  private final DrillOptions options = DrillOptions.parse(List.of("--at", "5", "--down", "2",
      "--duration", "10"));

  @Test
  void reportsMissingDuplicatesRerouteRecoveryAndLatencyByPhase() {
    long start = 1_000_000;
    long fault = start + 5_000;
    LandedEvents landed = new LandedEvents();
    List<LandedTracker.Landing> landings = new ArrayList<>();
    // 10 events a second for 10 s, each landing 100 ms later, except: events of [5 s, 5.5 s)
    // land 1.5 s late (the fault), and sequence 42 never lands.
    for (int i = 0; i < 100; i++) {
      long gen = start + i * 100L;
      if (i == 42) {
        continue;
      }
      long delay = gen >= fault && gen < fault + 500 ? 1_500 : 100;
      landings.add(new LandedTracker.Landing(gen, gen + delay));
      landed.add("edge1 " + i + " " + gen);
    }
    landed.add("edge1 7 0"); // one duplicate
    DrillReport r = DrillAnalysis.analyze(options, new Timeline(start, start + 10_000, fault,
        fault + 2_000, fault + 300), Map.of("edge1", 100L), landed, landings, null,
        new ArrayList<>());
    assertEquals(100, r.sent());
    assertEquals(99, r.landed());
    assertEquals(1, r.missing());
    assertEquals(1, r.duplicated());
    assertEquals(300, r.detectMillis());
    assertEquals(600, r.rerouteMillis(), "first event after the fault generated at +500, landed +600");
    assertEquals(100, r.p50()[0]);
    assertEquals(1_500, r.p99()[1], "during the fault");
    assertEquals(100, r.p99()[2]);
    assertTrue(r.recoverMillis() >= 1_000 && r.recoverMillis() <= 2_000, "" + r.recoverMillis());
    assertTrue(r.toJson().contains("\"missing\": 1,"), r.toJson());
    assertTrue(r.toJson().contains("\"rerouteMillis\": 600,"), r.toJson());
  }

  /**
   * The edges queue while the cluster starts: the first 3 s of events land at once at 3 s, up to
   * 3 s late (the start-up backlog). "Before" must be steady state, not that.
   */
  @Test
  void beforeIsSteadyStateNotTheStartUpBacklog() {
    DrillOptions o = DrillOptions.parse(List.of("--at", "10", "--down", "2", "--duration", "20"));
    long start = 1_000_000;
    long fault = start + 10_000;
    LandedEvents landed = new LandedEvents();
    List<LandedTracker.Landing> landings = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long gen = start + i * 100L;
      long at = gen < start + 3_000 ? start + 3_000 + i : gen + 100;
      landings.add(new LandedTracker.Landing(gen, at));
      landed.add("edge1 " + i + " " + gen);
    }
    DrillReport r = DrillAnalysis.analyze(o, new Timeline(start, start + 20_000, fault,
        fault + 2_000, fault + 250), Map.of("edge1", 200L), landed, landings, null,
        new ArrayList<>());
    assertEquals(39, r.landedPerSecond().get(3), "the backlog lands in second 3");
    assertEquals(10.0, r.generatedPerSecond(), 0.01);
    assertEquals(4_000, r.steadyFromMillis(), "steady from the first of 3 seconds near 10/s");
    assertEquals(100, r.p99()[0], "before: steady state only, not the 3 s backlog");
    assertEquals(100, r.p50()[0]);
    assertTrue(r.notes().stream().anyMatch(n -> n.contains("steady state: from 4 s")),
        r.notes().toString());
    assertTrue(r.toJson().contains("\"steadyFromMillis\": 4000,"), r.toJson());
    assertEquals(0, r.missing());
  }

  @Test
  void aRateThatNeverSettlesTakesTheSecondsSinceItLastWasNearTheTarget() {
    SteadyState settled = SteadyState.of(new long[] {0, 50, 9, 11, 10, 10, 10}, 10, 7);
    assertEquals(new SteadyState(2, true), settled);
    SteadyState late = SteadyState.of(new long[] {0, 50, 30, 20, 10, 10, 10}, 10, 6);
    assertEquals(new SteadyState(4, false), late, "a run of 2 s began at 4");
    SteadyState never = SteadyState.of(new long[] {0, 50, 30, 20, 30, 30, 10}, 10, 5);
    assertEquals(new SteadyState(2, false), never, "the last 3 s before the fault");
  }

  @Test
  void faultsThatMoveNoTrafficReportRerouteAsNotApplicable() {
    DrillOptions zkStop = DrillOptions.parse(List.of("--fault", "zk-stop", "--at", "5", "--down",
        "2", "--duration", "10"));
    long start = 1_000_000;
    LandedEvents landed = new LandedEvents();
    List<LandedTracker.Landing> landings = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      landings.add(new LandedTracker.Landing(start + i * 100L, start + i * 100L + 100));
      landed.add("edge1 " + i + " 0");
    }
    DrillReport r = DrillAnalysis.analyze(zkStop, new Timeline(start, start + 10_000,
        start + 5_000, start + 7_000, start + 5_250), Map.of("edge1", 100L), landed, landings,
        new Timing("reconnected after restore", "reconnectAfterRestoreMillis", 800),
        new ArrayList<>());
    assertEquals("zookeeper", r.target());
    assertEquals(Timing.NOT_APPLICABLE, r.rerouteMillis());
    assertEquals(250, r.detectMillis());
    assertTrue(r.toJson().contains("\"rerouteMillis\": null,"), r.toJson());
    assertTrue(r.toJson().contains("\"reconnectAfterRestoreMillis\": 800,"), r.toJson());
    java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
    r.print(new java.io.PrintStream(table, true, java.nio.charset.StandardCharsets.UTF_8));
    String text = table.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.contains("time to reroute") && text.contains("n/a"), text);
    assertTrue(text.contains("reconnected after restore") && text.contains("800 ms"), text);
    assertEquals(0, r.missing());
  }

  /**
   * nn-failover: the sinks stall 1.5 s after the fault, then write again; the report gives that
   * stall, what was sent and landed, and the files left in use.
   */
  @Test
  void nnFailoverReportsTheLongestWriteStallAndFilesLeftInUse() {
    DrillOptions failover = DrillOptions.parse(List.of("--fault", "nn-failover", "--at", "5",
        "--down", "2", "--duration", "10"), Map.of());
    assertEquals("namenode", failover.target());
    assertTrue(!failover.fault().timedFromRestore() && failover.fault().hitsHdfs());
    long start = 1_000_000;
    long fault = start + 5_000;
    FaultWatch watch = FaultWatch.of(failover.fault(), failover.target(), false);
    watch.atFault(aggregators(fault, 1_000, 40));
    // Delivered stays at 1000 with 40 events waiting for 1.5 s (at 1.5 s no aggregator answers:
    // no progress either), then grows again; later the channel is empty (nothing to write is no
    // stall).
    long[][] ticks = {{250, 1_000, 40}, {1_000, 1_000, 60}, {1_500, -1, -1},
        {1_750, 1_300, 10}, {2_000, 1_300, 0}, {3_000, 1_300, 0}, {3_250, 1_400, 5}};
    for (long[] t : ticks) {
      watch.poll(aggregators(fault + t[0], t[1], t[2]), t[0] >= 2_000);
    }
    assertEquals(fault + 1_000, watch.detectedAt(), "1 s without a delivery, events waiting");
    Timing stall = watch.rejoin(fault);
    assertEquals(new Timing("longest write stall", "writeStallMillis", 1_500), stall);

    LandedEvents landed = new LandedEvents();
    List<LandedTracker.Landing> landings = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      landings.add(new LandedTracker.Landing(start + i * 100L, start + i * 100L + 100));
      landed.add("edge1 " + i + " 0");
    }
    DrillReport r = DrillAnalysis.analyze(failover, new Timeline(start, start + 10_000, fault,
        fault + 2_000, watch.detectedAt()), Map.of("edge1", 100L), landed, landings, stall,
        new ArrayList<>(List.of(watch.detectMeans())));
    assertEquals(100, r.sent());
    assertEquals(100, r.landed());
    assertEquals(0, r.missing());
    assertEquals(0, r.inUseFiles());
    String json = r.toJson();
    assertTrue(json.contains("\"fault\": \"nn-failover\",") && json.contains(
        "\"writeStallMillis\": 1500,") && json.contains("\"inUseFilesLeft\": 0,")
        && json.contains("\"detectMillis\": 1000,"), json);
    java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
    r.print(new java.io.PrintStream(table, true, java.nio.charset.StandardCharsets.UTF_8));
    String text = table.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.contains("longest write stall") && text.contains("1500 ms")
        && text.contains("files left in use (.tmp)"), text);
  }

  /** A reading with one aggregator's HDFS sink and channel; -1: it did not answer. */
  private static Readings aggregators(long now, long delivered, long waiting) {
    return new Readings(now, Map.of(), Map.of("agg1", delivered < 0 ? Map.of()
        : Map.of("SINK.k1", Map.of("EventDrainSuccessCount", delivered), "CHANNEL.c1",
            Map.of("ChannelSize", waiting))), Readings.UNKNOWN);
  }

  @Test
  void optionsNameTheBadOne() {
    assertTrue(message("--fault", "nn-restart", "--target", "agg1")
        .contains("--fault nn-restart takes no --target"));
    assertTrue(message("--fault", "nn-failover", "--target", "agg1")
        .contains("--fault nn-failover takes no --target (it kills the active NameNode"));
    assertTrue(message("--fault", "zk-expire", "--static").contains("needs ZooKeeper discovery"));
    assertTrue(message("--fault-command", "true").contains("only applies to a cluster named by"));
    assertTrue(message("--target", "agg9").contains("--target is one of"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DrillOptions.parse(List.of("--fault", "nuke")));
    assertTrue(e.getMessage().contains("--fault"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DrillOptions.parse(List.of("--at", "20", "--duration", "10")));
    assertTrue(e.getMessage().contains("--duration"), e.getMessage());
  }

  @Test
  void aClusterNamedByZooKeeperNeedsHdfsATargetAndCommandsForWhatTheDrillDoesNotOwn() {
    assertTrue(message("--zk", "zk1:2181").contains("give --hdfs"));
    assertTrue(message("--zk", "zk1:2181", "--hdfs", "hdfs://nn:8020")
        .contains("needs --target MEMBER"));
    String kill = message("--zk", "zk1:2181", "--hdfs", "hdfs://nn:8020", "--target", "agg-1");
    assertTrue(kill.contains("needs --restore-command") && kill.contains("{host}"), kill);
    String zkStop = message("--zk", "zk1:2181", "--hdfs", "hdfs://nn:8020", "--fault", "zk-stop",
        "--fault-command", "ssh zk1 systemctl stop zookeeper");
    assertTrue(zkStop.contains("needs --fault-command and --restore-command")
        && zkStop.contains("runs on the quickstart cluster"), zkStop);
    assertTrue(message("--zk", "zk1:2181", "--hdfs", "hdfs://ns1", "--fault", "nn-failover")
        .contains("needs --fault-command and --restore-command (the drill does not own that "
            + "NameNode)"));
    assertTrue(message("--zk", "zk1:2181", "--hdfs", "hdfs://nn:8020", "--fault", "zk-expire",
        "--target", "agg-1").contains("password"));
    assertTrue(message("--zk", "zk1:2181", "--hdfs", "h", "--target", "a", "--static")
        .contains("--static does not apply with --zk"));

    DrillOptions o = DrillOptions.parse(List.of("--zk", "zk1:2181/chroot", "--hdfs",
        "hdfs://nn:8020", "--hdfs-path", "/logs/today", "--fault", "stop", "--target", "agg-1",
        "--tier", "hot"), Map.of("SLUICE_CLUSTER", "prod"));
    DrillOptions.External e = o.external().orElseThrow();
    assertEquals("zk1:2181/chroot", e.tier().connect());
    assertEquals("prod", e.tier().cluster());
    assertEquals("hot", e.tier().tier());
    assertEquals("/logs/today", e.hdfsPath());
    assertEquals("agg-1", o.target());
    assertEquals(FaultKind.STOP, o.fault());
  }

  @Test
  void rotateTailsLogsAndTakesNoTarget() {
    DrillOptions o = DrillOptions.parse(List.of("--fault", "rotate", "--rotate-every", "500"),
        Map.of());
    assertEquals(FaultKind.ROTATE, o.fault());
    assertEquals("logs", o.target());
    assertTrue(o.tailed() && o.load().tailed(), "rotate implies --source taildir");
    assertEquals(java.time.Duration.ofMillis(500), o.rotateEvery());
    assertTrue(o.load().rotateEvery().isZero(), "the writers rotate only during the fault");
    assertTrue(message("--fault", "rotate", "--target", "edge1").contains("rotates both edges"));
    assertTrue(message("--fault", "rotate", "--source", "demo").contains("--source taildir"));
    assertTrue(DrillOptions.parse(List.of("--source", "taildir", "--fault", "kill", "--target",
        "edge1"), Map.of()).tailed());
    assertTrue(!DrillOptions.parse(List.of(), Map.of()).tailed(), "demo by default");
    DrillOptions external = DrillOptions.parse(List.of("--zk", "zk1:2181", "--hdfs",
        "hdfs://nn:8020", "--fault", "rotate"), Map.of());
    assertTrue(external.external().isPresent() && external.tailed(),
        "rotate needs no command template: it rotates the drill's own edges' logs");
  }

  private static String message(String... args) {
    return assertThrows(IllegalArgumentException.class,
        () -> DrillOptions.parse(List.of(args), Map.of())).getMessage();
  }
}
