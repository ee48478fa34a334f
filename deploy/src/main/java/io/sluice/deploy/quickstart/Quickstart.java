package io.sluice.deploy.quickstart;

import io.sluice.deploy.ExitCode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code sluice quickstart}: starts a {@link LocalCluster} whose edges tail the logs of two
 * {@link LogWriter} processes that rotate them (rename and copytruncate alternately), prints where
 * everything is, shows live progress, and on Ctrl-C (or after {@code --duration}) stops every node
 * in order and prints a summary: lines written (the writers' ledgers), rotations, lines landed in
 * HDFS, missing, duplicated. Exit code 0 only when no written line is missing. Runs on the calling
 * thread; a shutdown hook turns Ctrl-C/SIGTERM into a clean stop.
 */
public final class Quickstart {
  /** Written in the work directory so a later run knows it may empty it. */
  static final String MARKER = ".sluice-quickstart";

  private final QuickstartOptions options;
  private final PrintStream out;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean signalled;

  Quickstart(QuickstartOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Entry point of the subcommand; returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    QuickstartOptions options;
    try {
      options = QuickstartOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() == null) {
        out.print(QuickstartOptions.USAGE);
        return ExitCode.OK;
      }
      err.println("sluice quickstart: " + e.getMessage());
      err.print(QuickstartOptions.USAGE);
      return ExitCode.USAGE;
    }
    try {
      return new Quickstart(options, out).run();
    } catch (IOException e) {
      err.println("sluice quickstart: " + e.getMessage());
      return ExitCode.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.FAILED;
    }
  }

  int run() throws IOException, InterruptedException {
    int code = runCluster();
    if (signalled) {
      // Stopped by Ctrl-C: the JVM is already shutting down, where System.exit would block
      // forever; halt is the only way to report the summary's verdict in the exit status.
      out.flush();
      Runtime.getRuntime().halt(code);
    }
    return code;
  }

  private int runCluster() throws IOException, InterruptedException {
    prepareDir(options.dir());
    LocalCluster cluster = new LocalCluster(options.dir(), options.discovery(), options.load(),
        out);
    Thread hook = new Thread(this::onSignal, "quickstart-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      try {
        cluster.start();
      } catch (IOException e) {
        out.println("sluice quickstart: " + e.getMessage() + "; stopping what started");
        cluster.stop();
        throw e;
      }
      printWhereEverythingIs(cluster);
      watch(cluster);
      out.println();
      out.println("stopping: log writers first (the edges read the rest of their files), then "
          + "edges (they drain into the aggregators), then aggregators (they drain into HDFS), "
          + "then ZooKeeper and HDFS...");
      // HDFS is read after the aggregators closed their files, before the cluster host stops.
      cluster.stopWriters(LocalCluster.CATCH_UP);
      Map<String, Map<String, Long>> sources = cluster.edgeSourceCounters();
      stopTier(cluster, NodeProcess.Role.EDGE);
      stopTier(cluster, NodeProcess.Role.AGGREGATOR);
      LandedEvents landed = LandedEvents.read(cluster.hdfsUrl(), ClusterConfigs.HDFS_ROOT);
      stopTier(cluster, NodeProcess.Role.CLUSTER_HOST);
      return printSummary(cluster, cluster.ledgers(), sources, landed);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is running and returns now that we finished
      }
    }
  }

  /** Ctrl-C: ask the main loop to stop the cluster, and keep the JVM alive until it did. */
  private void onSignal() {
    signalled = true;
    stopRequested.countDown();
    try {
      finished.await(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void watch(LocalCluster cluster) throws InterruptedException {
    Progress progress = new Progress();
    MetricsClient metrics = new MetricsClient();
    boolean console = System.console() != null;
    long start = System.nanoTime();
    long landed = 0;
    long nextHdfsRead = 0;
    long nextPrint = 0;
    while (true) {
      long now = System.nanoTime();
      long elapsed = TimeUnit.NANOSECONDS.toSeconds(now - start);
      if (options.durationSeconds() > 0 && elapsed >= options.durationSeconds()) {
        return;
      }
      Map<String, Map<String, Map<String, Long>>> readings = new LinkedHashMap<>();
      for (NodeProcess n : cluster.nodes()) {
        if (n.metricsPort() > 0) {
          readings.put(n.name(), metrics.read(n.metricsPort()));
        }
      }
      if (elapsed >= nextHdfsRead) {
        try {
          landed = LandedEvents.read(cluster.hdfsUrl(), ClusterConfigs.HDFS_ROOT).lines();
        } catch (IOException e) {
          // HDFS busy or a file being created: keep the previous figure, try again later.
        }
        nextHdfsRead = elapsed + 3;
      }
      Map<String, Ledger> ledgers;
      try {
        ledgers = cluster.ledgers();
      } catch (IOException e) {
        ledgers = Map.of(); // a ledger being replaced: next second
      }
      String line = progress.line(elapsed, readings, ledgers, landed, now);
      if (console) {
        out.print("\r" + line + "   ");
        out.flush();
      } else if (elapsed >= nextPrint) {
        out.println(line);
        nextPrint = elapsed + 5;
      }
      if (stopRequested.await(1, TimeUnit.SECONDS)) {
        return;
      }
    }
  }

  private void stopTier(LocalCluster cluster, NodeProcess.Role role) throws InterruptedException {
    for (NodeProcess n : cluster.nodes()) {
      if (n.role() == role && !n.stop(90)) {
        out.println("  " + n.name() + " did not stop within 90 s and was killed; see " + n.log());
      }
    }
  }

  private void printWhereEverythingIs(LocalCluster cluster) {
    out.println();
    out.println("Sluice quickstart cluster is up (" + (cluster.discovery()
        ? "edges discover aggregators in ZooKeeper" : "static: edges list aggregator ports") + ")");
    out.println("  ZooKeeper   " + cluster.zkConnect() + "   (cluster '" + ClusterConfigs.CLUSTER
        + "')");
    out.println("  HDFS        " + cluster.hdfsUrl() + ClusterConfigs.HDFS_ROOT);
    if (cluster.discovery()) {
      out.println("  Watch it    bin/sluice top --zk " + cluster.zkConnect() + " --cluster "
          + ClusterConfigs.CLUSTER);
    }
    List<Integer> ports = cluster.aggregatorPorts();
    for (NodeProcess n : cluster.nodes()) {
      String what = switch (n.role()) {
        case CLUSTER_HOST -> "ZooKeeper + HDFS";
        case AGGREGATOR -> "avro 127.0.0.1:" + ports.get(Integer.parseInt(n.name().substring(3)) - 1)
            + ", metrics http://127.0.0.1:" + n.metricsPort() + "/metrics";
        case EDGE -> "TAILDIR " + cluster.logDir(n.name()).resolve(LocalCluster.APP_LOG)
            + ", metrics http://127.0.0.1:" + n.metricsPort() + "/metrics";
        case WRITER -> options.rate() + " lines/s of " + options.eventSize() + " bytes, "
            + (options.rotateEvery().isZero() ? "never rotated" : "rotated every "
                + options.rotateEvery().toSeconds() + " s (rename, copytruncate, ...)");
      };
      out.printf("  %-12s pid %-7d %s%n               log %s%n", n.name(), n.pid(), what, n.log());
    }
    out.println("  configs     " + cluster.dir().resolve("conf"));
    out.println(options.durationSeconds() > 0
        ? "running for " + options.durationSeconds() + " s (Ctrl-C stops earlier)"
        : "Ctrl-C stops the cluster and prints a summary");
    out.println("progress: lines/s the writers append and their rotations (rename+copytruncate), "
        + "events/s accepted and channel fill per node, events landed in HDFS");
  }

  private int printSummary(LocalCluster cluster, Map<String, Ledger> ledgers,
      Map<String, Map<String, Long>> sources, LandedEvents landed) {
    long written = 0;
    long renames = 0;
    long copytruncates = 0;
    long missing = 0;
    out.println();
    out.println("Summary");
    for (NodeProcess n : cluster.nodes()) {
      if (n.role() != NodeProcess.Role.EDGE) {
        continue;
      }
      Ledger l = ledgers.getOrDefault(n.name(), new Ledger(n.name(), 0, 0, 0, false));
      long lost = landed.missing(l.prefix(), l.written());
      written += l.written();
      renames += l.renames();
      copytruncates += l.copytruncates();
      missing += lost;
      out.printf("  %-6s %,d lines written by %s (%d rename, %d copytruncate rotations), landed "
          + "%,d, duplicated %,d, missing %,d%s%n", n.name(), l.written(),
          LocalCluster.writerOf(n.name()), l.renames(), l.copytruncates(),
          landed.distinct(l.prefix()), landed.duplicates(l.prefix()), lost,
          l.closed() ? "" : "  (its writer did not stop cleanly: last ledger)");
      if (lost > 0) {
        out.println("         missing lines: " + landed.missingRanges(l.prefix(), l.written(), 10));
      }
    }
    out.printf("  lines written:    %,d%n", written);
    out.printf("  rotations:        %d rename, %d copytruncate%n", renames, copytruncates);
    out.printf("  landed in HDFS:   %,d (lines in %s%s)%n", landed.lines(), cluster.hdfsUrl(),
        ClusterConfigs.HDFS_ROOT);
    out.printf("  duplicated:       %,d%n", landed.duplicates());
    out.printf("  missing:          %,d%n", missing);
    out.printf("  TAILDIR sources:  %d truncations seen, %d copies followed, %d bytes lost to "
        + "truncation, %d bytes abandoned%n", sum(sources, "FilesTruncatedCount"),
        sum(sources, "CopiesFollowedCount"), sum(sources, "BytesLostToTruncationCount"),
        sum(sources, "BytesAbandonedCount"));
    out.println("  logs and data:    " + cluster.dir());
    return missing == 0 ? ExitCode.OK : ExitCode.FAILED;
  }

  /** The sum of one counter over every edge's source. */
  public static long sum(Map<String, Map<String, Long>> sources, String counter) {
    return sources.values().stream().mapToLong(m -> m.getOrDefault(counter, 0L)).sum();
  }

  /** Empties a previous quickstart's directory; refuses a non-empty directory it did not make. */
  public static void prepareDir(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          if (!Files.exists(dir.resolve(MARKER))) {
            throw new IOException(dir.toAbsolutePath() + " is not empty and was not made by "
                + "a quickstart; give another --dir");
          }
          try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
              if (!p.equals(dir)) {
                Files.delete(p);
              }
            }
          }
        }
      }
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(MARKER), "made by sluice quickstart; emptied by the next run\n");
  }
}
