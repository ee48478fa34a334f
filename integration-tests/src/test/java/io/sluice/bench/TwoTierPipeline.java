package io.sluice.bench;

import io.sluice.it.flume.FlumeAgentProcess;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One edge and two aggregators, each agent in a JVM of its own ({@code -Xmx1g}), all Sluice or all
 * Apache Flume 1.11.0, running the same Flume properties text: edge = Avro source → file channel →
 * load_balance group (round_robin, backoff) of two Avro sinks, one per aggregator; aggregator =
 * Avro source → file channel → HDFS sink (DataStream text, no roll by count, 128 MiB or 30 s).
 * Every batch along the way (Avro sinks, HDFS sinks) is the point's batch; the file channels keep
 * their defaults. Flume's aggregators get the Hadoop client of this JVM's class path after
 * Flume's own jars, as {@code flume-ng} appends {@code hadoop classpath}.
 */
final class TwoTierPipeline implements AutoCloseable {
  static final List<String> ROLES = List.of("edge", "agg1", "agg2");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** A started agent: its process (for CPU time) and how to stop it. */
  private record Agent(String name, ProcessHandle process, Path dir, AutoCloseable stop) {}

  private final List<Agent> agents = new ArrayList<>();
  private final int edgePort;

  /**
   * @param impl {@code sluice} or {@code flume}
   * @param name names this pipeline's directories, under {@code work}
   * @param hdfsDir where both aggregators write, as an {@code hdfs://} URI
   */
  TwoTierPipeline(String impl, Path work, String name, String hdfsDir, int batch)
      throws Exception {
    int[] aggPorts = {freePort(), freePort()};
    edgePort = freePort();
    try {
      for (int i = 0; i < 2; i++) {
        String agg = ROLES.get(i + 1);
        Path dir = Files.createDirectories(work.resolve(name + "-" + agg));
        agents.add(start(impl, dir, aggregatorConfig(aggPorts[i], dir, hdfsDir, agg, batch),
            aggPorts[i], true));
      }
      Path dir = Files.createDirectories(work.resolve(name + "-edge"));
      agents.add(0, start(impl, dir, edgeConfig(edgePort, aggPorts, dir, batch), edgePort, false));
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private static String edgeConfig(int port, int[] aggPorts, Path dir, int batch) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1 k2
        a1.sinkgroups = g1
        a1.sinks.k1.type = avro
        a1.sinks.k1.channel = c1
        a1.sinks.k1.hostname = 127.0.0.1
        a1.sinks.k1.port = %d
        a1.sinks.k1.batch-size = %d
        a1.sinks.k2.type = avro
        a1.sinks.k2.channel = c1
        a1.sinks.k2.hostname = 127.0.0.1
        a1.sinks.k2.port = %d
        a1.sinks.k2.batch-size = %2$d
        a1.sinkgroups.g1.sinks = k1 k2
        a1.sinkgroups.g1.processor.type = load_balance
        a1.sinkgroups.g1.processor.selector = round_robin
        a1.sinkgroups.g1.processor.backoff = true
        """.formatted(aggPorts[0], batch, aggPorts[1]) + sourceAndChannel(port, dir);
  }

  private static String aggregatorConfig(int port, Path dir, String hdfsDir, String prefix, int batch) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sinks.k1.type = hdfs
        a1.sinks.k1.channel = c1
        a1.sinks.k1.hdfs.path = %s
        a1.sinks.k1.hdfs.filePrefix = %s
        a1.sinks.k1.hdfs.fileType = DataStream
        a1.sinks.k1.hdfs.writeFormat = Text
        a1.sinks.k1.hdfs.batchSize = %d
        a1.sinks.k1.hdfs.rollCount = 0
        a1.sinks.k1.hdfs.rollSize = 134217728
        a1.sinks.k1.hdfs.rollInterval = 30
        a1.sinks.k1.hdfs.minBlockReplicas = 1
        """.formatted(hdfsDir, prefix, batch) + sourceAndChannel(port, dir);
  }

  /** Both tiers' source r1 (Avro on {@code port}) and channel c1 (file, under {@code dir}). */
  private static String sourceAndChannel(int port, Path dir) {
    return String.join("\n", "a1.sources.r1.type = avro", "a1.sources.r1.bind = 127.0.0.1",
        "a1.sources.r1.port = " + port, "a1.sources.r1.channels = c1", "")
        + AvroHopBench.channelConf("file", dir.resolve("channel"));
  }

  private static Agent start(String impl, Path dir, String config, int port, boolean hdfs)
      throws Exception {
    String name = dir.getFileName().toString();
    if (impl.equals("flume")) {
      FlumeAgentProcess flume = FlumeAgentProcess.start(dir, config, "1g",
          hdfs ? flumeHadoopJars() : List.of(), START_TIMEOUT,
          "Component type: SOURCE, name: r1 started");
      return new Agent(name, ProcessHandle.of(flume.pid()).orElseThrow(), dir, flume);
    }
    String jvmArgs = System.getProperty("sluice.bench.agentJvmArgs", "") + " "
        + String.join(" ", TaildirBench.jfr(dir, name));
    SluiceAgentProcess sluice = SluiceAgentProcess.start(dir, name, jvmArgs, config, port);
    return new Agent(name, sluice.process(), dir, sluice);
  }

  /**
   * Flume 1.11.0's HDFS sink jar, then the jars of this JVM's class path that Flume's agent lacks
   * (Hadoop's client and what it needs), leaving out ours, a second logging binding and any
   * library of which Flume brings its own version.
   */
  private static List<Path> flumeHadoopJars() throws IOException {
    Path agentLib = FlumeAgentProcess.libDir().toAbsolutePath();
    Path sink = agentLib.resolveSibling("flume-hdfs-sink-lib").resolve("flume-hdfs-sink-1.11.0.jar");
    if (!Files.isRegularFile(sink)) {
      throw new IllegalStateException("Flume's HDFS sink missing: " + sink
          + " (run the integration-tests build's generate-test-resources phase)");
    }
    Set<String> flume = TaildirBench.jarsIn(agentLib).stream().map(TaildirBench::artifact)
        .collect(Collectors.toSet());
    List<Path> jars = new ArrayList<>(List.of(sink));
    Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
        .filter(p -> p.toString().endsWith(".jar") && !p.toString().contains("/io/sluice/"))
        .filter(p -> !flume.contains(TaildirBench.artifact(p)))
        .filter(p -> !TaildirBench.artifact(p).matches("slf4j-.*|log4j-.*|logback-.*|netty-.*"))
        .forEach(jars::add);
    return jars;
  }

  int edgePort() {
    return edgePort;
  }

  /** CPU time (utime + stime) of each agent's JVM, in {@link #ROLES} order. */
  long[] cpuNanos() {
    return agents.stream().mapToLong(a -> a.process().info().totalCpuDuration()
        .map(Duration::toNanos).orElse(0L)).toArray();
  }

  /**
   * CPU time of each agent's JIT compiler threads (C1 and C2), in {@link #ROLES} order: a cost
   * every JVM pays while warming up, which weighs more in a short measurement than a long one.
   * From {@code /proc/<pid>/task/<tid>/stat} (utime + stime in clock ticks of 10 ms); 0 where
   * {@code /proc} cannot be read.
   */
  long[] jitCpuNanos() {
    return agents.stream().mapToLong(a -> compilerTicks(a.process().pid()) * 10_000_000L)
        .toArray();
  }

  private static long compilerTicks(long pid) {
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String comm = stat.substring(open + 1, close);
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
          String[] f = stat.substring(close + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return ticks;
  }

  /** Fails naming the agent's directory (and log) when one has exited. */
  void checkAlive() {
    for (Agent a : agents) {
      if (!a.process().isAlive()) {
        throw new IllegalStateException("agent " + a.name() + " exited; see its log in " + a.dir());
      }
    }
  }

  /** Where each agent keeps its files (and JFR names its recording), in {@link #ROLES} order. */
  List<Path> dirs() {
    return agents.stream().map(Agent::dir).toList();
  }

  /** Stops the edge first, then the aggregators. */
  @Override
  public void close() throws Exception {
    for (Agent a : agents) {
      a.stop().close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
