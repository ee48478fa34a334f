package io.sluice.deploy.drill;

import io.sluice.deploy.quickstart.ClusterConfigs;
import io.sluice.deploy.quickstart.LandedEvents;
import io.sluice.deploy.quickstart.LocalCluster;
import io.sluice.deploy.quickstart.MetricsClient;
import io.sluice.deploy.quickstart.NodeProcess;
import io.sluice.deploy.quickstart.Quickstart;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sluice drill}: a {@link LocalCluster} (the quickstart's), a paced load through its edges
 * (their {@code demo} sources), one fault at a chosen moment on one node, then the node restored;
 * HDFS is followed while it runs ({@link LandedTracker}) and read back in full at the end. Prints a
 * table, writes {@code drill-report.json} and {@code drill-chart.png} in the work directory, and
 * returns 1 when an acknowledged event is missing. Runs on the calling thread.
 */
public final class Drill {
  /** How often HDFS and the edges' metrics are read: the resolution of the drill's times. */
  static final long POLL_MILLIS = 250;
  private static final Pattern PRODUCED = Pattern.compile(
      "Demo source \\S+ stopped: (\\d+) events produced \\(prefix (\\S+),");

  private final DrillOptions options;
  private final PrintStream out;

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
      return report.missing() == 0 ? 0 : 1;
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
    LocalCluster cluster = new LocalCluster(options.dir(), options.discovery(), options.rate(),
        options.eventSize(), out);
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

  private DrillReport runOn(LocalCluster cluster) throws IOException, InterruptedException {
    try {
      cluster.start();
    } catch (IOException e) {
      cluster.stop();
      throw e;
    }
    NodeProcess target = cluster.node(options.target());
    List<String> notes = new ArrayList<>();
    MetricsClient metrics = new MetricsClient();
    long start = System.currentTimeMillis();
    long faultAt = start + options.atSeconds() * 1000;
    long restoreAt = faultAt + options.downSeconds() * 1000;
    long end = start + options.durationSeconds() * 1000;
    long failuresAtFault = -1;
    long detectedAt = -1;
    long restoredAt = -1;
    boolean faulted = false;
    Map<String, Long> lastAccepted = new LinkedHashMap<>();
    Map<String, Long> acceptedAtFault = Map.of();
    out.printf("drill: load %d ev/s per edge for %d s; %s %s at %d s for %d s%n", options.rate(),
        options.durationSeconds(), options.fault(), options.target(), options.atSeconds(),
        options.downSeconds());
    try (LandedTracker tracker = new LandedTracker(cluster.hdfsUrl(), ClusterConfigs.HDFS_ROOT)) {
      while (true) {
        long now = System.currentTimeMillis();
        if (now >= end) {
          break;
        }
        if (!faulted && now >= faultAt) {
          failuresAtFault = edgeFailures(cluster, metrics, lastAccepted);
          // A restarted edge counts from 0 again: its first life's count is the one before.
          acceptedAtFault = new LinkedHashMap<>(lastAccepted);
          inject(target);
          faultAt = System.currentTimeMillis();
          faulted = true;
          out.printf("  %5.1f s  %s %s (pid %d)%n", (faultAt - start) / 1000.0, options.fault(),
              target.name(), target.pid());
        } else if (faulted && restoredAt < 0 && now >= restoreAt) {
          String prefix = restore(cluster, target);
          restoredAt = System.currentTimeMillis();
          out.printf("  %5.1f s  %s %s%s%n", (restoredAt - start) / 1000.0,
              options.fault().equals("kill") ? "restarted" : "continued", target.name(),
              prefix.equals(target.name()) ? "" : " (events now " + prefix + " N)");
        }
        if (faulted && detectedAt < 0
            && edgeFailures(cluster, metrics, lastAccepted) > failuresAtFault) {
          detectedAt = System.currentTimeMillis();
        } else if (!faulted) {
          edgeFailures(cluster, metrics, lastAccepted);
        }
        try {
          tracker.poll(System.currentTimeMillis());
        } catch (IOException e) {
          // HDFS briefly unreadable: the next poll catches up
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      }
      // Keep following HDFS a little while the edges still run, so the last seconds of the load
      // get landing times (events generated after the load window count only for missing/landed).
      long drainUntil = System.currentTimeMillis() + 3 * POLL_MILLIS * 4;
      while (System.currentTimeMillis() < drainUntil) {
        try {
          tracker.poll(System.currentTimeMillis());
        } catch (IOException e) {
          // next poll
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      }
      out.println("  load done; stopping edges, then aggregators, reading HDFS back...");
      stopTier(cluster, NodeProcess.Role.EDGE);
      tracker.poll(System.currentTimeMillis());
      stopTier(cluster, NodeProcess.Role.AGGREGATOR);
      tracker.poll(System.currentTimeMillis());
      LandedEvents landed = LandedEvents.read(cluster.hdfsUrl(), ClusterConfigs.HDFS_ROOT);
      stopTier(cluster, NodeProcess.Role.CLUSTER_HOST);

      Map<String, Long> produced = produced(cluster, landed,
          faulted ? acceptedAtFault : lastAccepted, notes);
      DrillReport report = analyze(options, start, end, faultAt, restoredAt, detectedAt, produced,
          landed, tracker.all(), notes);
      report.print(out);
      Path json = options.dir().resolve("drill-report.json");
      Files.writeString(json, report.toJson());
      Path png = options.dir().resolve("drill-chart.png");
      DrillChart.write(report, png);
      out.println("  report " + json.toAbsolutePath() + ", chart " + png.toAbsolutePath());
      return report;
    } finally {
      cluster.stop(); // no-op for nodes already stopped
    }
  }

  private void inject(NodeProcess node) throws IOException, InterruptedException {
    if (options.fault().equals("kill")) {
      node.kill();
    } else {
      signal(node, "STOP");
    }
  }

  private String restore(LocalCluster cluster, NodeProcess node)
      throws IOException, InterruptedException {
    if (options.fault().equals("kill")) {
      return cluster.restart(node.name());
    }
    signal(node, "CONT");
    return node.name();
  }

  private static void signal(NodeProcess node, String signal)
      throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid()))
        .inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + node.pid() + " (" + node.name()
          + ") failed");
    }
  }

  /** Sum over the edges of failed deliveries and sink-group penalties; remembers accepted counts. */
  private static long edgeFailures(LocalCluster cluster, MetricsClient metrics,
      Map<String, Long> lastAccepted) {
    long sum = 0;
    for (NodeProcess n : cluster.nodes()) {
      if (n.role() != NodeProcess.Role.EDGE || !n.isAlive()) {
        continue;
      }
      Map<String, Map<String, Long>> m = metrics.read(n.metricsPort());
      for (Map.Entry<String, Map<String, Long>> g : m.entrySet()) {
        Map<String, Long> v = g.getValue();
        if (g.getKey().startsWith("SINK.")) {
          sum += v.getOrDefault("ConnectionFailedCount", 0L)
              + v.getOrDefault("ConnectionClosedCount", 0L)
              + v.getOrDefault("EventDrainAttemptCount", 0L)
              - v.getOrDefault("EventDrainSuccessCount", 0L);
        } else if (g.getKey().startsWith("SINK_PROCESSOR.")) {
          sum += v.getOrDefault("SinkPenaltyCount", 0L) + v.getOrDefault("SinkFailoverCount", 0L);
        } else if (g.getKey().equals("SOURCE.r1")) {
          lastAccepted.put(n.name(), v.getOrDefault("EventAcceptedCount", 0L));
        }
      }
    }
    return sum;
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
   * metrics reading, if higher) stands in, and a note says so.
   */
  private static Map<String, Long> produced(LocalCluster cluster, LandedEvents landed,
      Map<String, Long> lastAccepted, List<String> notes) throws IOException {
    Map<String, Long> produced = new LinkedHashMap<>();
    for (NodeProcess n : cluster.nodes()) {
      if (n.role() != NodeProcess.Role.EDGE) {
        continue;
      }
      Matcher m = PRODUCED.matcher(Files.readString(n.log()));
      while (m.find()) {
        produced.put(m.group(2), Long.parseLong(m.group(1)));
      }
      if (!produced.containsKey(n.name())) {
        long estimate = Math.max(landed.distinct(n.name()), lastAccepted.getOrDefault(n.name(), 0L));
        produced.put(n.name(), estimate);
        notes.add(n.name() + " was killed before logging its count: acknowledged estimated as "
            + estimate + " (distinct landed or last metrics reading)");
      }
    }
    return produced;
  }

  static DrillReport analyze(DrillOptions o, long start, long end, long faultAt, long restoredAt,
      long detectedAt, Map<String, Long> produced, LandedEvents landed,
      List<LandedTracker.Landing> all, List<String> notes) {
    long sent = produced.values().stream().mapToLong(Long::longValue).sum();
    long missing = 0;
    long distinct = 0;
    for (Map.Entry<String, Long> e : produced.entrySet()) {
      missing += landed.missing(e.getKey(), e.getValue());
      distinct += landed.distinct(e.getKey());
    }
    long restored = restoredAt < 0 ? faultAt : restoredAt;
    List<List<Long>> phases = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    long reroute = -1;
    int seconds = (int) o.durationSeconds() + 1;
    long[] landedPerSecond = new long[seconds];
    List<List<Long>> latencyBySecond = new ArrayList<>();
    for (int i = 0; i < seconds; i++) {
      latencyBySecond.add(new ArrayList<>());
    }
    for (LandedTracker.Landing l : all) {
      if (l.generatedMillis() >= end) {
        continue; // after the load window: counted as landed above, not timed
      }
      long latency = Math.max(0, l.landedMillis() - l.generatedMillis());
      int phase = l.generatedMillis() < faultAt ? 0 : l.generatedMillis() < restored ? 1 : 2;
      phases.get(phase).add(latency);
      if (l.generatedMillis() >= faultAt) {
        long r = l.landedMillis() - faultAt;
        reroute = reroute < 0 ? r : Math.min(reroute, r);
      }
      int landedSecond = (int) ((l.landedMillis() - start) / 1000);
      if (landedSecond >= 0 && landedSecond < seconds) {
        landedPerSecond[landedSecond]++;
      }
      int genSecond = (int) ((l.generatedMillis() - start) / 1000);
      if (genSecond >= 0 && genSecond < seconds) {
        latencyBySecond.get(genSecond).add(latency);
      }
    }
    // Before the fault, skipping the first seconds (start-up): the normal landed rate.
    int faultSecond = (int) ((faultAt - start) / 1000);
    double normal = 0;
    int from = Math.min(3, Math.max(0, faultSecond - 1));
    for (int s = from; s < faultSecond; s++) {
      normal += landedPerSecond[s];
    }
    normal = faultSecond > from ? normal / (faultSecond - from) : 0;
    long recover = -1;
    for (int s = faultSecond + 1; s < seconds - 1 && normal > 0; s++) {
      if (landedPerSecond[s] >= 0.9 * normal) {
        recover = Math.max(0, start + s * 1000L - faultAt);
        break;
      }
    }
    long[] p50 = new long[3];
    long[] p99 = new long[3];
    for (int i = 0; i < 3; i++) {
      p50[i] = DrillReport.quantile(phases.get(i), 0.50);
      p99[i] = DrillReport.quantile(phases.get(i), 0.99);
    }
    List<Long> landedSeries = new ArrayList<>();
    List<Long> p99Series = new ArrayList<>();
    for (int s = 0; s < seconds; s++) {
      landedSeries.add(landedPerSecond[s]);
      p99Series.add(Math.max(0, DrillReport.quantile(latencyBySecond.get(s), 0.99)));
    }
    notes.add("times have a resolution of " + POLL_MILLIS + " ms (HDFS and metrics poll)");
    notes.add("acknowledged = committed into the edges' durable file channels");
    return new DrillReport(o.fault(), o.target(), faultAt - start,
        restoredAt < 0 ? -1 : restoredAt - start, sent, sent, distinct, missing,
        landed.duplicates(), detectedAt < 0 ? -1 : detectedAt - faultAt, reroute, recover, p50,
        p99, landedSeries, p99Series, List.copyOf(notes));
  }
}
