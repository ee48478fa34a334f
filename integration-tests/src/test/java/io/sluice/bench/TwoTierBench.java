package io.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * {@code bench/run two-tier [events] [runs]}: the whole pipeline, edge → two aggregators → HDFS
 * ({@link TwoTierPipeline}), all Sluice or all Apache Flume 1.11.0, in the same run, into one
 * MiniDFSCluster (one NameNode, one DataNode, replication 1) hosted by this JVM. Per point (batch
 * size × agent), a fresh pipeline gets {@code -Dsluice.bench.warmup} events (default 100,000; not
 * measured), then {@code events} (default 1,000,000) from {@link StampedLoad} over
 * {@code -Dsluice.bench.conns} connections (default 4) with batches of the point's size
 * ({@code -Dsluice.bench.batches}, default 100,1000).
 *
 * <p>Figures: end-to-end events/s = events / (the moment {@link HdfsLineWatcher} first counts all
 * of them readable in HDFS − the moment the load began); p50/p99 latency from the send time
 * stamped in the body to the moment the line was first seen readable, over every
 * {@code -Dsluice.bench.sampleEvery}-th line of each file (default 100); CPU-seconds per million
 * events of each agent's JVM (utime + stime, {@code /proc}) over the same interval, and their sum,
 * also without the JVMs' JIT compiler threads (a warm-up cost that weighs more in a short run).
 * Runs alternate which implementation goes first; medians of the runs and Sluice/Flume ratios.
 * {@code -Dsluice.bench.impls=sluice} (or {@code flume}) runs one implementation only, for profiling.
 * {@code -Dsluice.bench.jfr=DIR} records Sluice's agents with JFR and prints their hottest frames.
 * Not a test.
 */
public final class TwoTierBench {
  private static final Duration POINT_TIMEOUT = Duration.ofMinutes(6);
  private static final long POLL_MILLIS = 20;

  private TwoTierBench() {}

  /** One point: end-to-end events/s, latency, CPU s per million events of edge, agg1, agg2. */
  record Result(String impl, int batch, double eventsPerSec, double p50Millis, double p99Millis,
      double[] cpuSecPerM, double[] jitSecPerM, long refused, int samples) {
    double cpuSum() {
      return Arrays.stream(cpuSecPerM).sum();
    }

    /** The agents' CPU without their JIT compiler threads. */
    double cpuSumWithoutJit() {
      return cpuSum() - Arrays.stream(jitSecPerM).sum();
    }
  }

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    long warmup = Long.getLong("sluice.bench.warmup", 100_000);
    int conns = Integer.getInteger("sluice.bench.conns", 4);
    int sampleEvery = Integer.getInteger("sluice.bench.sampleEvery", 100);
    int[] batches = Arrays.stream(System.getProperty("sluice.bench.batches", "100,1000").split(","))
        .mapToInt(b -> Integer.parseInt(b.trim())).toArray();
    List<String> impls = List.of(System.getProperty("sluice.bench.impls", "sluice,flume")
        .split(","));
    if (events < 1 || runs < 1 || conns < 1 || sampleEvery < 1) {
      throw new IllegalArgumentException("events, runs, sluice.bench.conns and"
          + " sluice.bench.sampleEvery must be at least 1");
    }
    Path work = Files.createTempDirectory("two-tier-bench");
    System.out.println("work directory " + work);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("dfs").toString());
    conf.setInt("dfs.replication", 1);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    List<Result> results = new ArrayList<>();
    try {
      cluster.waitActive();
      FileSystem fs = cluster.getFileSystem();
      String uri = "hdfs://localhost:" + cluster.getNameNodePort();
      for (int run = 1; run <= runs; run++) {
        for (int batch : batches) {
          List<String> order = run % 2 == 1 ? List.of("sluice", "flume")
              : List.of("flume", "sluice");
          for (String impl : order.stream().filter(impls::contains).toList()) {
            String name = "r" + run + "-b" + batch + "-" + impl;
            Result r = point(impl, work, name, uri, fs, batch, warmup, events, conns,
                sampleEvery);
            results.add(r);
            System.out.printf(Locale.ROOT, "run %d | batch %4d | %-6s | %9.0f events/s | p50 %8.1f"
                + " p99 %8.1f ms (%d samples) | CPU s/M events edge %.2f agg1 %.2f agg2 %.2f"
                + " sum %.2f (without JIT compiler threads %.2f) | refused batches %d%n", run, batch,
                impl, r.eventsPerSec(), r.p50Millis(), r.p99Millis(), r.samples(),
                r.cpuSecPerM()[0], r.cpuSecPerM()[1], r.cpuSecPerM()[2], r.cpuSum(),
                r.cpuSumWithoutJit(), r.refused());
          }
        }
      }
    } finally {
      cluster.shutdown(true);
    }
    printMedians(results, batches, events, runs, conns);
  }

  private static Result point(String impl, Path work, String name, String uri, FileSystem fs,
      int batch, long warmup, long events, int conns, int sampleEvery) throws Exception {
    String dir = "/bench/" + name;
    HdfsLineWatcher watcher = new HdfsLineWatcher(fs, new org.apache.hadoop.fs.Path(dir),
        sampleEvery);
    Result r;
    List<Path> agentDirs;
    try (TwoTierPipeline pipeline = new TwoTierPipeline(impl, work, name, uri + dir, batch)) {
      agentDirs = pipeline.dirs();
      long deadline = System.nanoTime() + POINT_TIMEOUT.toNanos();
      long before = warmup > 0
          ? send(pipeline, watcher, warmup, batch, conns, 0, deadline).landed() : 0;
      long[] cpu0 = pipeline.cpuNanos();
      long[] jit0 = pipeline.jitCpuNanos();
      long t0 = System.nanoTime();
      watcher.sampleFrom(t0);
      Sent sent = send(pipeline, watcher, events, batch, conns, before, deadline);
      long[] cpu1 = pipeline.cpuNanos();
      long[] jit1 = pipeline.jitCpuNanos();
      double n = sent.landed() - before;
      double[] cpu = new double[cpu0.length];
      double[] jit = new double[cpu0.length];
      for (int i = 0; i < cpu.length; i++) {
        cpu[i] = (cpu1[i] - cpu0[i]) / 1e9 / (n / 1e6);
        jit[i] = (jit1[i] - jit0[i]) / 1e9 / (n / 1e6);
      }
      r = new Result(impl, batch, n / ((sent.at() - t0) / 1e9), watcher.latencyMillis(0.5),
          watcher.latencyMillis(0.99), cpu, jit, sent.refused(), watcher.samples());
    }
    if (impl.equals("sluice")) { // JFR writes its recording when the JVM exits
      agentDirs.forEach(d -> TaildirBench.printProfile(d.getFileName().toString(), d));
    }
    // kept when the point failed, for its logs
    for (Path d : agentDirs) {
      TaildirBench.deleteTree(d);
    }
    fs.delete(new org.apache.hadoop.fs.Path(dir), true);
    return r;
  }

  /** When the last of a load's events was readable, how many lines were then, and refusals. */
  private record Sent(long at, long landed, long refused) {}

  /** Sends {@code events} through the pipeline and waits until HDFS holds them all. */
  private static Sent send(TwoTierPipeline pipeline, HdfsLineWatcher watcher, long events,
      int batch, int conns, long before, long deadline) throws Exception {
    long target = before + (events + batch - 1) / batch * batch;
    try (StampedLoad load = new StampedLoad(pipeline.edgePort(), events, batch, conns)) {
      long lines;
      while ((lines = watcher.poll()) < target) {
        load.check();
        pipeline.checkAlive();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + lines + " of " + target + " lines readable in"
              + " HDFS within " + POINT_TIMEOUT + "; the agents' logs are in " + pipeline.dirs());
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      }
      long at = System.nanoTime();
      load.await();
      return new Sent(at, lines, load.refused());
    }
  }

  private static void printMedians(List<Result> results, int[] batches, long events, int runs,
      int conns) {
    System.out.printf(Locale.ROOT, "%n%,d events of %d bytes per point, %d connections, medians"
        + " of %d run(s); CPU = CPU-seconds per million events, edge + agg1 + agg2%n", events,
        StampedLoad.BODY, conns, runs);
    System.out.println("| batch | Sluice events/s | Flume events/s | ratio | Sluice p50 / p99 ms"
        + " | Flume p50 / p99 ms | Sluice CPU (edge+agg1+agg2) | Flume CPU (edge+agg1+agg2)"
        + " | CPU ratio |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (int batch : batches) {
      List<Result> s = of(results, "sluice", batch);
      List<Result> f = of(results, "flume", batch);
      System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2fx | %.0f / %.0f | %.0f / %.0f"
          + " | %.2f (%s) | %.2f (%s) | %.2f |%n", batch, med(s, Result::eventsPerSec),
          med(f, Result::eventsPerSec), med(s, Result::eventsPerSec) / med(f, Result::eventsPerSec),
          med(s, Result::p50Millis), med(s, Result::p99Millis), med(f, Result::p50Millis),
          med(f, Result::p99Millis), med(s, Result::cpuSum), perAgent(s), med(f, Result::cpuSum),
          perAgent(f), med(s, Result::cpuSum) / med(f, Result::cpuSum));
    }
    System.out.println("\nCPU without the JIT compiler threads (C1, C2), summed over the agents,"
        + " medians: batch | Sluice | Flume | ratio");
    for (int batch : batches) {
      List<Result> s = of(results, "sluice", batch);
      List<Result> f = of(results, "flume", batch);
      System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f |%n", batch,
          med(s, Result::cpuSumWithoutJit), med(f, Result::cpuSumWithoutJit),
          med(s, Result::cpuSumWithoutJit) / med(f, Result::cpuSumWithoutJit));
    }
  }

  private static List<Result> of(List<Result> results, String impl, int batch) {
    return results.stream().filter(r -> r.impl().equals(impl) && r.batch() == batch).toList();
  }

  private static String perAgent(List<Result> rs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < TwoTierPipeline.ROLES.size(); i++) {
      int agent = i;
      b.append(i == 0 ? "" : " + ").append(String.format(Locale.ROOT, "%.2f",
          med(rs, r -> r.cpuSecPerM()[agent])));
    }
    return b.toString();
  }

  private static double med(List<Result> rs, ToDoubleFunction<Result> f) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }
}
