package io.sluice.deploy.drill;

import io.sluice.deploy.quickstart.ClusterConfigs;
import io.sluice.deploy.quickstart.HdfsBaseline;
import io.sluice.deploy.quickstart.LandedEvents;
import io.sluice.deploy.quickstart.Ledger;
import io.sluice.deploy.quickstart.LocalCluster;
import io.sluice.deploy.quickstart.LocalHdfs;
import io.sluice.deploy.quickstart.MetricsClient;
import io.sluice.deploy.quickstart.NodeProcess;
import io.sluice.deploy.quickstart.Quickstart;
import io.sluice.deploy.quickstart.TierLocation;
import io.sluice.deploy.status.SequenceMerge;
import io.sluice.deploy.status.SequenceProbe;
import io.sluice.deploy.status.StreamWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code sluice drill}: a paced load through two edges (their {@code demo} sources, or with
 * {@code --source taildir} and for {@code rotate} TAILDIR sources tailing the logs of two
 * {@link io.sluice.deploy.quickstart.LogWriter} processes), one fault at a chosen moment, the fault undone {@code --down} seconds later; HDFS is followed while it runs
 * ({@link LandedTracker}) and read back in full at the end. The cluster is a {@link LocalCluster}
 * (the quickstart's, started and stopped by the drill), or with {@code --zk} a running cluster of
 * which the drill runs only the two edges ({@link LocalCluster#edgesOnly}). Prints a table, writes
 * {@code drill-report.html}, {@code drill-report.json} and {@code drill-chart.png} in the work
 * directory ({@link DrillReportFiles}), and returns 1 when
 * an acknowledged event is missing or the conservation headers, merged over the aggregators before
 * they stop ({@link Conservation}), disagree with the drill's ledger. Runs on the calling thread.
 */
public final class Drill {
  /** How often HDFS and the nodes' metrics are read: the resolution of the drill's times. */
  static final long POLL_MILLIS = 250;
  private static final Duration ZK_WAIT = Duration.ofSeconds(15);
  private static final Pattern PRODUCED = Pattern.compile(
      "Demo source \\S+ stopped: (\\d+) events produced \\(prefix (\\S+),");

  private final DrillOptions options;
  private final PrintStream out;
  private final MetricsClient metrics = new MetricsClient();
  private final SequenceProbe sequence = new SequenceProbe();

  Drill(DrillOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Entry point of the subcommand; returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    DrillOptions options;
    try {
      options = DrillOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() == null) {
        out.print(DrillOptions.USAGE);
        return 0;
      }
      err.println("sluice drill: " + e.getMessage());
      err.print(DrillOptions.USAGE);
      return 2;
    }
    try {
      DrillReport report = new Drill(options, out).run();
      return report.passed() ? 0 : 1;
    } catch (IllegalArgumentException e) {
      err.println("sluice drill: " + e.getMessage()); // the cluster cannot take this fault
      return 2;
    } catch (IOException e) {
      err.println("sluice drill: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  DrillReport run() throws IOException, InterruptedException {
    Quickstart.prepareDir(options.dir());
    LocalCluster cluster = options.external()
        .map(e -> LocalCluster.edgesOnly(options.dir(), e.tier(), e.hdfsUrl(),
            "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")),
            options.load(), out))
        .orElseGet(() -> new LocalCluster(options.dir(), options.discovery(),
            options.fault() == FaultKind.NN_FAILOVER, options.load(), out));
    // Ctrl-C ends the drill without a report, but never leaves nodes running (they are in
    // their own sessions, so the terminal's SIGINT does not reach them).
    Thread hook = new Thread(() -> {
      try {
        cluster.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "drill-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runOn(cluster);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook stops the cluster
      }
    }
  }

  /** What a drill works with once its cluster is up; closed at the end. */
  private record Setup(Fault fault, ZkObserver zk, LandedTracker tracker, String hdfsUrl,
      String hdfsRoot, Configuration hdfsClient) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        if (zk != null) {
          zk.close();
        }
      } finally {
        tracker.close();
      }
    }
  }

  private DrillReport runOn(LocalCluster cluster) throws IOException, InterruptedException {
    Setup setup;
    try {
      setup = setUp(cluster);
    } catch (IOException | RuntimeException | InterruptedException e) {
      cluster.stop();
      throw e;
    }
    try (setup) {
      return drive(cluster, setup);
    } finally {
      cluster.stop(); // no-op for nodes already stopped
    }
  }

  /**
   * Starts the cluster and checks the fault can be injected. On a running cluster everything is
   * checked and HDFS noted before the drill's edges start, so a mistake costs no load.
   */
  private Setup setUp(LocalCluster cluster) throws IOException, InterruptedException {
    Optional<DrillOptions.External> external = options.external();
    if (external.isPresent()) {
      DrillOptions.External e = external.get();
      ZkObserver zk = ZkObserver.connect(e.tier(), ZK_WAIT);
      try {
        Fault fault = options.fault() == FaultKind.ROTATE
            ? new RotateFault(cluster, options.rotateEvery())
            : CommandFault.check(e, options.fault(), options.target(), zk);
        LandedTracker tracker = LandedTracker.fromNow(e.hdfsUrl(), e.hdfsPath());
        out.printf("drill on %s cluster '%s' tier '%s': %d files already under %s%s are skipped%n",
            e.tier().connect(), e.tier().cluster(), e.tier().tier(), tracker.baseline().files(),
            e.hdfsUrl(), e.hdfsPath());
        Setup setup = new Setup(fault, zk, tracker, e.hdfsUrl(), e.hdfsPath(),
            LandedEvents.clientConf());
        try {
          cluster.start();
        } catch (IOException | RuntimeException | InterruptedException failed) {
          setup.close();
          throw failed;
        }
        return setup;
      } catch (IOException | RuntimeException | InterruptedException failed) {
        zk.close();
        throw failed;
      }
    }
    cluster.start();
    ZkObserver zk = options.discovery()
        ? ZkObserver.connect(TierLocation.quickstart(cluster.zkConnect()), ZK_WAIT) : null;
    Fault fault = switch (options.fault()) {
      case KILL, STOP -> new NodeFault(cluster, cluster.node(options.target()), options.fault());
      case ZK_EXPIRE -> HostFault.expireSession(cluster, options.target(), options.targetIsEdge()
          ? () -> edgeSession(cluster.node(options.target()))
          : () -> zk.member(options.target()).map(ZkObserver.Registered::session).orElse(0L));
      case ZK_STOP, NN_RESTART, NN_FAILOVER -> HostFault.stopService(cluster, options.fault());
      case ROTATE -> new RotateFault(cluster, options.rotateEvery());
    };
    Configuration client = cluster.hdfsClientConf();
    return new Setup(fault, zk, new LandedTracker(cluster.hdfsUrl(), ClusterConfigs.HDFS_ROOT,
        client), cluster.hdfsUrl(), ClusterConfigs.HDFS_ROOT, client);
  }

  private long edgeSession(NodeProcess edge) {
    return Readings.value(metrics.read(edge.metricsPort()), "DISCOVERY.g1", "ZooKeeperSessionId",
        0);
  }

  private DrillReport drive(LocalCluster cluster, Setup setup)
      throws IOException, InterruptedException {
    FaultKind kind = options.fault();
    FaultWatch watch = FaultWatch.of(kind, options.target(), options.targetIsEdge());
    // An edge's loss moves no traffic (its events wait in its file channel): nothing to detect
    // or reroute; what counts is how soon its events land again once it is back.
    boolean edgeSignal = options.targetIsEdge() && kind.reroutes();
    boolean aggregatorMetrics = options.external().isEmpty();
    List<String> notes = new ArrayList<>();
    long start = System.currentTimeMillis();
    long faultAt = start + options.atSeconds() * 1000;
    long restoreAt = Long.MAX_VALUE;
    long end = start + options.durationSeconds() * 1000;
    long restoredAt = -1;
    boolean faulted = false;
    Map<String, Long> lastAccepted = new LinkedHashMap<>();
    Map<String, Long> acceptedAtFault = Map.of();
    out.printf("drill: load %d ev/s per edge for %d s; %s %s at %d s, undone %d s later%n",
        options.rate(), options.durationSeconds(), kind.option(), options.target(),
        options.atSeconds(), options.downSeconds());
    try {
      while (System.currentTimeMillis() < end) {
        Readings r = read(cluster, setup, aggregatorMetrics, lastAccepted);
        if (!faulted && r.now() >= faultAt) {
          watch.atFault(r);
          // A restarted edge counts from 0 again: its first life's count is the one before.
          acceptedAtFault = new LinkedHashMap<>(lastAccepted);
          faulted = true;
          String what = setup.fault().inject();
          faultAt = System.currentTimeMillis();
          restoreAt = faultAt + options.downSeconds() * 1000;
          out.printf("  %5.1f s  %s%n", (faultAt - start) / 1000.0, what);
        } else if (faulted && restoredAt < 0 && r.now() >= restoreAt) {
          watch.atRestore(r);
          String what = setup.fault().restore();
          restoredAt = System.currentTimeMillis();
          out.printf("  %5.1f s  %s%n", (restoredAt - start) / 1000.0, what);
        } else if (faulted && r.now() > faultAt) {
          watch.poll(r, restoredAt >= 0);
        }
        pollQuietly(setup.tracker());
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      }
      if (faulted && restoredAt < 0) {
        // A slow machine pushed the fault late: undo it anyway, before anything stops.
        watch.atRestore(read(cluster, setup, aggregatorMetrics, lastAccepted));
        out.printf("  %5.1f s  %s (after the load window)%n",
            (System.currentTimeMillis() - start) / 1000.0, setup.fault().restore());
        restoredAt = System.currentTimeMillis();
      }
      // Keep following HDFS a little while the edges still run, so the last seconds of the load
      // get landing times (events generated after the load window count only for missing/landed).
      long drainUntil = System.currentTimeMillis() + 3 * POLL_MILLIS * 4;
      while (System.currentTimeMillis() < drainUntil) {
        long now = System.currentTimeMillis();
        if (restoredAt >= 0) {
          watch.poll(read(cluster, setup, aggregatorMetrics, lastAccepted), true);
        }
        pollQuietly(setup.tracker());
        TimeUnit.MILLISECONDS.sleep(Math.max(0, POLL_MILLIS - (System.currentTimeMillis() - now)));
      }
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (faulted && restoredAt < 0) {
        undoAfterFailure(setup.fault());
      }
      throw e;
    }
    if (setup.zk() != null) {
      setup.zk().close(); // before the read-back stops ZooKeeper: no reconnect noise in the output
    }
    ReadBack back = readBack(cluster, setup);
    LandedEvents landed = back.landed();
    Map<String, Long> produced = produced(cluster, landed, faulted ? acceptedAtFault : lastAccepted,
        notes);
    if (cluster.load().tailed()) {
      notes.addAll(taildirNotes(cluster, back.sources()));
    }
    if (options.external().isPresent()) {
      notes.add("events are those whose first word is " + produced.keySet()
          + ", other traffic is not counted");
    }
    notes.add(edgeSignal ? "an edge's loss moves no traffic: no detect or reroute; landing "
        + "again = its first event generated after the restore lands" : watch.detectMeans());
    Timing rejoin = edgeSignal ? edgeBack(setup.tracker(), restoredAt)
        : kind == FaultKind.ROTATE ? caughtUp(setup.tracker(), restoredAt)
        : rejoinTiming(watch, faultAt, restoredAt);
    if (kind == FaultKind.NN_RESTART) {
      notes.add("while the NameNode is down the drill cannot read HDFS either: latencies of "
          + "events first seen then include the rest of the outage");
    }
    if (kind == FaultKind.NN_FAILOVER) {
      notes.add("HDFS runs two NameNodes behind nameservice hdfs://" + LocalHdfs.NAMESERVICE
          + ", which the aggregators know from HADOOP_CONF_DIR; the restore starts the killed "
          + "NameNode again as the standby");
    }
    if (kind.hitsHdfs()) {
      if (!aggregatorMetrics) {
        notes.add("the aggregators' metrics are not reachable from the drill: detect and "
            + "writing again are not measured");
      }
    }
    DrillReport report = DrillAnalysis.analyze(options, new Timeline(start, end, faultAt,
        restoredAt, edgeSignal || !aggregatorMetrics && kind.hitsHdfs()
            ? Timing.NOT_APPLICABLE : watch.detectedAt()), produced, landed,
        setup.tracker().all(), rejoin, notes).with(back.conservation());
    report.print(out);
    DrillReportFiles files = DrillReportFiles.write(report, options.dir());
    out.println("  report " + files.html().toAbsolutePath() + " (chart "
        + files.png().toAbsolutePath() + ", JSON " + files.json().toAbsolutePath() + ")");
    return report;
  }

  /**
   * What the writers wrote and rotated, and what the edges' TAILDIR sources saw and gave up (read
   * before the edges stopped).
   */
  private static List<String> taildirNotes(LocalCluster cluster,
      Map<String, Map<String, Long>> sources) throws IOException {
    long renames = 0;
    long copytruncates = 0;
    for (Ledger l : cluster.ledgers().values()) {
      renames += l.renames();
      copytruncates += l.copytruncates();
    }
    return List.of("sent = lines the log writers wrote (their ledgers); a line on disk waits there "
        + "for the edge like an event in a file channel, so acknowledged = sent",
        "the writers rotated " + renames + " times by rename and " + copytruncates + " times by "
        + "copytruncate (copy and truncate between two of their writes: no line in between)",
        "the edges' TAILDIR sources saw " + Quickstart.sum(sources, "FilesTruncatedCount")
        + " truncations, followed " + Quickstart.sum(sources, "CopiesFollowedCount")
        + " copies, lost " + Quickstart.sum(sources, "BytesLostToTruncationCount")
        + " bytes to truncation and abandoned " + Quickstart.sum(sources, "BytesAbandonedCount")
        + " bytes");
  }

  /** From the restore until the last event generated before it landed (rotate). */
  private static Timing caughtUp(LandedTracker tracker, long restoredAt) {
    long last = -1;
    for (LandedTracker.Landing l : tracker.all()) {
      if (l.generatedMillis() < restoredAt) {
        last = Math.max(last, l.landedMillis());
      }
    }
    return new Timing("caught up after restore", "caughtUpAfterRestoreMillis",
        restoredAt < 0 || last < 0 ? Timing.NOT_HAPPENED : Math.max(0, last - restoredAt));
  }

  /** From the restore until the target edge's first event generated after it lands. */
  private Timing edgeBack(LandedTracker tracker, long restoredAt) {
    long first = Long.MAX_VALUE;
    for (Map.Entry<String, Map<Long, LandedTracker.Landing>> e : tracker.landings().entrySet()) {
      String prefix = e.getKey();
      if (prefix.equals(options.target()) || prefix.startsWith(options.target() + ".")) {
        for (LandedTracker.Landing l : e.getValue().values()) {
          if (l.generatedMillis() >= restoredAt) {
            first = Math.min(first, l.landedMillis());
          }
        }
      }
    }
    return new Timing("landing again after restore", "landingAfterRestoreMillis",
        restoredAt < 0 || first == Long.MAX_VALUE ? Timing.NOT_HAPPENED : first - restoredAt);
  }

  private Timing rejoinTiming(FaultWatch watch, long faultAt, long restoredAt) {
    String[] row = watch.rejoinLabelAndKey();
    if (row != null && options.fault().hitsHdfs() && options.external().isPresent()) {
      return Timing.notApplicable(row[0], row[1]);
    }
    return watch.rejoin(options.fault().timedFromRestore() ? restoredAt : faultAt);
  }

  private void undoAfterFailure(Fault fault) {
    try {
      out.println("  drill failed: undoing the fault: " + fault.restore());
    } catch (IOException | RuntimeException e) {
      out.println("  drill failed, and undoing the fault failed too: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One tick's readings; also remembers each edge's accepted count (a killed edge's estimate). */
  private Readings read(LocalCluster cluster, Setup setup, boolean aggregatorMetrics,
      Map<String, Long> lastAccepted) {
    Map<String, Map<String, Map<String, Long>>> edges = new LinkedHashMap<>();
    Map<String, Map<String, Map<String, Long>>> aggregators = new LinkedHashMap<>();
    for (NodeProcess n : cluster.nodes()) {
      if (n.role() == NodeProcess.Role.EDGE && n.isAlive()) {
        Map<String, Map<String, Long>> m = metrics.read(n.metricsPort());
        edges.put(n.name(), m);
        long accepted = Readings.value(m, "SOURCE.r1", "EventAcceptedCount", -1);
        if (accepted >= 0) {
          lastAccepted.put(n.name(), accepted);
        }
      } else if (n.role() == NodeProcess.Role.AGGREGATOR && aggregatorMetrics
          && options.fault().hitsHdfs()) {
        aggregators.put(n.name(), metrics.read(n.metricsPort()));
      }
    }
    long member = Readings.UNKNOWN;
    if (options.fault() == FaultKind.ZK_EXPIRE && !options.targetIsEdge()) {
      try {
        member = setup.zk().member(options.target()).map(ZkObserver.Registered::session)
            .orElse(Readings.ABSENT);
      } catch (IOException e) {
        // not connected right now: unknown this tick
      }
    }
    return new Readings(System.currentTimeMillis(), edges, aggregators, member);
  }

  private static void pollQuietly(LandedTracker tracker) {
    try {
      tracker.poll();
    } catch (IOException e) {
      // HDFS briefly unreadable (or its NameNode stopped by the drill): the next poll catches up
    }
  }

  /**
   * Stops the edges (they drain into the aggregators) and reads HDFS back. On the drill's own
   * cluster it then stops the aggregators (they drain and close their files) before the final
   * read; on a running cluster it waits, at most {@code --settle} seconds, until every event the
   * edges acknowledged has been seen.
   */
  private ReadBack readBack(LocalCluster cluster, Setup setup)
      throws IOException, InterruptedException {
    out.println("  load done; stopping the " + (cluster.load().tailed() ? "log writers (the "
        + "edges read the rest of their files), the " : "") + "edges" + (options.external()
        .isEmpty() ? ", then the aggregators" : "") + ", reading HDFS back...");
    cluster.stopWriters(LocalCluster.CATCH_UP);
    Map<String, Map<String, Long>> sources = cluster.edgeSourceCounters();
    stopTier(cluster, NodeProcess.Role.EDGE);
    pollQuietly(setup.tracker());
    if (options.external().isEmpty()) {
      // The edges have delivered everything: every stamp the aggregators will ever see is in.
      Conservation conservation = conservation(cluster);
      stopTier(cluster, NodeProcess.Role.AGGREGATOR);
      pollQuietly(setup.tracker());
      LandedEvents landed = LandedEvents.read(setup.hdfsUrl(), setup.hdfsRoot(),
          HdfsBaseline.none(), setup.hdfsClient());
      stopTier(cluster, NodeProcess.Role.CLUSTER_HOST);
      return new ReadBack(landed, sources, conservation);
    }
    Map<String, Long> produced = produced(cluster, new LandedEvents(), Map.of(), new ArrayList<>());
    long settleUntil = System.currentTimeMillis() + options.external().get().settleSeconds() * 1000;
    while (System.currentTimeMillis() < settleUntil && !allSeen(setup.tracker(), produced)) {
      TimeUnit.SECONDS.sleep(1);
      pollQuietly(setup.tracker());
    }
    return new ReadBack(LandedEvents.read(setup.hdfsUrl(), setup.hdfsRoot(),
        setup.tracker().baseline()), sources, Conservation.notChecked("a running cluster's "
            + "aggregators are not read by the drill (sluice status --sequence merges them)"));
  }

  /**
   * What was read back, the edges' source counters just before they stopped, and the
   * conservation headers merged over the aggregators.
   */
  private record ReadBack(LandedEvents landed, Map<String, Map<String, Long>> sources,
      Conservation conservation) {}

  /** Every aggregator's {@code /sequence}, merged; not checked when one does not answer. */
  private Conservation conservation(LocalCluster cluster) throws InterruptedException {
    List<StreamWindow> windows = new ArrayList<>();
    for (NodeProcess n : cluster.nodes()) {
      if (n.role() == NodeProcess.Role.AGGREGATOR) {
        try {
          SequenceProbe.Answer a = sequence.read("127.0.0.1:" + n.metricsPort());
          if (!a.checked()) {
            return Conservation.notChecked(n.name() + " runs no sequenceCheck");
          }
          windows.addAll(a.windows());
        } catch (IOException e) {
          return Conservation.notChecked(n.name() + " did not answer /sequence: "
              + e.getMessage());
        }
      }
    }
    // A killed aggregator's HDFS sink may have written a batch whose take it never committed; it
    // writes it again after the restart, a duplicate in HDFS after the check, as faults hitting
    // HDFS make.
    boolean aggregatorKilled = options.fault() == FaultKind.KILL && !options.targetIsEdge();
    return Conservation.of(SequenceMerge.merge(windows),
        !options.fault().hitsHdfs() && !aggregatorKilled);
  }

  private static boolean allSeen(LandedTracker tracker, Map<String, Long> produced) {
    return produced.entrySet().stream().allMatch(e -> tracker.distinct(e.getKey()) >= e.getValue());
  }

  private void stopTier(LocalCluster cluster, NodeProcess.Role role) throws InterruptedException {
    for (NodeProcess n : cluster.nodes()) {
      if (n.role() == role && !n.stop(90)) {
        out.println("  " + n.name() + " did not stop within 90 s and was killed; see " + n.log());
      }
    }
  }

  /**
   * Events each demo prefix committed into its edge's channel, from the edges' logs. An edge
   * incarnation that was SIGKILLed logged no count: its highest landed sequence (or its last
   * metrics reading, if higher) stands in, and a note says so. Edges that tail logs: the lines
   * each writer wrote, from its ledger.
   */
  private static Map<String, Long> produced(LocalCluster cluster, LandedEvents landed,
      Map<String, Long> lastAccepted, List<String> notes) throws IOException {
    Map<String, Long> produced = new LinkedHashMap<>();
    if (cluster.load().tailed()) {
      for (Ledger l : cluster.ledgers().values()) {
        produced.put(l.prefix(), l.written());
      }
      return produced;
    }
    for (NodeProcess n : cluster.nodes()) {
      if (n.role() != NodeProcess.Role.EDGE) {
        continue;
      }
      Matcher m = PRODUCED.matcher(Files.readString(n.log()));
      while (m.find()) {
        produced.put(m.group(2), Long.parseLong(m.group(1)));
      }
      String first = cluster.prefix(n.name());
      if (!produced.containsKey(first)) {
        long estimate = Math.max(landed.distinct(first), lastAccepted.getOrDefault(n.name(), 0L));
        produced.put(first, estimate);
        notes.add(n.name() + " was killed before logging its count: acknowledged estimated as "
            + estimate + " (distinct landed or last metrics reading)");
      }
    }
    return produced;
  }
}
