package io.sluice.bench;

import io.sluice.aggregator.hdfs.HdfsSink;
import io.sluice.aggregator.hdfs.HdfsSinkConfig;
import io.sluice.aggregator.hdfs.HdfsSinkFactory;
import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.api.Transaction;
import io.sluice.core.channel.memory.MemoryChannelConfig;
import io.sluice.core.channel.memory.MemoryChannelFactory;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * Events per second into a MiniDFSCluster through Sluice's HDFS sink and through Flume 1.11.0's
 * (isolated, see {@link IsolatedFlume}) on the same workload in the same run: 256-byte events,
 * batch 1000, DataStream and SequenceFile, one and four sinks draining one memory channel that was
 * filled beforehand. Files never roll during a run. Prints a Markdown table with the ratio.
 *
 * <p>Run: {@code mvn -pl integration-tests -am test-compile}, then this class with the test
 * classpath; arguments: events per run (default 200000), Flume jar directory (default
 * {@code integration-tests/target/flume-hdfs-sink-lib}).
 */
public final class HdfsSinkBench {
  private static final int BODY = 256;
  private static final int BATCH = 1000;

  private final MiniDFSCluster cluster;
  private final String uri;
  private final IsolatedFlume flume;
  private int run;

  private HdfsSinkBench(MiniDFSCluster cluster, IsolatedFlume flume) {
    this.cluster = cluster;
    this.uri = "hdfs://localhost:" + cluster.getNameNodePort();
    this.flume = flume;
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Path lib = Path.of(args.length > 1 ? args[1] : "integration-tests/target/flume-hdfs-sink-lib");
    Path base = Files.createTempDirectory("hdfs-bench");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    conf.setInt("dfs.replication", 1);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try (IsolatedFlume flume = new IsolatedFlume(lib)) {
      cluster.waitActive();
      HdfsSinkBench b = new HdfsSinkBench(cluster, flume);
      for (String type : List.of("DataStream", "SequenceFile")) { // warm-up of both
        b.sluice(type, 1, events / 2);
        b.flume(type, 1, events / 2);
      }
      List<String> rows = new ArrayList<>();
      for (String type : List.of("DataStream", "SequenceFile")) {
        for (int sinks : List.of(1, 4)) {
          double ours = b.sluice(type, sinks, events);
          double theirs = b.flume(type, sinks, events);
          rows.add(String.format("| %s | %d | %,.0f | %,.0f | %.2fx |", type, sinks, ours, theirs, ours / theirs));
        }
      }
      System.out.printf("%n%,d events of %d bytes per run, batch %d, %d cores, Java %s%n%n", events, BODY,
          BATCH, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      System.out.println("| fileType | sinks | Sluice events/s | Flume 1.11.0 events/s | Sluice / Flume |");
      System.out.println("|---|---|---|---|---|");
      rows.forEach(System.out::println);
    } finally {
      cluster.shutdown(true);
    }
  }

  private static byte[] body(int i) {
    byte[] b = new byte[BODY];
    java.util.Arrays.fill(b, (byte) 'x');
    byte[] n = Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, b, 0, n.length);
    return b;
  }

  private Map<String, String> sinkKeys(String type, int sink) {
    Map<String, String> m = new HashMap<>();
    m.put("hdfs.path", uri + "/bench/run" + run);
    m.put("hdfs.fileType", type);
    m.put("hdfs.filePrefix", "s" + sink);
    m.put("hdfs.batchSize", Integer.toString(BATCH));
    m.put("hdfs.rollCount", "0");
    m.put("hdfs.rollSize", "0");
    m.put("hdfs.rollInterval", "0");
    m.put("hdfs.minBlockReplicas", "1"); // one DataNode: neither sink should roll for replication
    return m;
  }

  private double sluice(String type, int sinks, int events) throws Exception {
    run++;
    MetricsRegistry metrics = new MetricsRegistry();
    MemoryChannelFactory cf = new MemoryChannelFactory();
    MemoryChannelConfig cc = cf.configure(parse(cf.configDef(), Map.of("capacity", Integer.toString(events),
        "transactionCapacity", Integer.toString(BATCH), "byteCapacity", Long.toString(4L * events * BODY))));
    Channel channel = cf.create(cc, DefaultComponentContext.builder("bench", "c1", metrics.group("CHANNEL.c1")).build());
    for (int i = 0; i < events; i += BATCH) {
      try (Transaction tx = channel.getTransaction()) {
        tx.begin();
        for (int j = i; j < Math.min(events, i + BATCH); j++) {
          tx.put(Event.of(body(j)));
        }
        tx.commit();
      }
    }
    HdfsSinkFactory sf = new HdfsSinkFactory();
    List<HdfsSink> list = new ArrayList<>();
    for (int s = 0; s < sinks; s++) {
      HdfsSinkConfig config = sf.configure(parse(sf.configDef(), sinkKeys(type, s)));
      HdfsSink sink = new HdfsSink("k" + s, channel, config, new Configuration(),
          DefaultComponentContext.builder("bench", "k" + s, metrics.group("SINK.k" + s)).channel(channel).build());
      sink.start();
      list.add(sink);
    }
    double rate = timed(events, list.stream().<Callable<Void>>map(s -> () -> {
      while (s.process() == Status.READY) {
        // drain
      }
      return null;
    }).toList());
    list.forEach(HdfsSink::stop);
    return rate;
  }

  private double flume(String type, int sinks, int events) throws Exception {
    run++;
    IsolatedFlume.Channel channel = flume.memoryChannel(Map.of("capacity", Integer.toString(events),
        "transactionCapacity", Integer.toString(BATCH), "byteCapacity", Long.toString(4L * events * BODY)));
    for (int i = 0; i < events; i += BATCH) {
      List<byte[]> bodies = new ArrayList<>();
      for (int j = i; j < Math.min(events, i + BATCH); j++) {
        bodies.add(body(j));
      }
      channel.putAll(bodies);
    }
    List<IsolatedFlume.Sink> list = new ArrayList<>();
    for (int s = 0; s < sinks; s++) {
      list.add(flume.hdfsSink("k" + s, channel, sinkKeys(type, s)));
    }
    double rate = timed(events, list.stream().<Callable<Void>>map(s -> () -> {
      while (s.process()) {
        // drain
      }
      return null;
    }).toList());
    for (IsolatedFlume.Sink s : list) {
      s.stop();
    }
    channel.stop();
    return rate;
  }

  private static double timed(int events, List<Callable<Void>> drains) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(drains.size());
    try {
      long start = System.nanoTime();
      List<Future<Void>> fs = new ArrayList<>();
      drains.forEach(d -> fs.add(pool.submit(d)));
      for (Future<Void> f : fs) {
        f.get();
      }
      return events / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static <C> io.sluice.api.config.ConfigValues parse(io.sluice.api.config.ConfigDef def, Map<String, String> raw) {
    ConfigParser.Result r = ConfigParser.parse(def, raw, "");
    if (!r.ok()) {
      throw new IllegalArgumentException(r.problems().toString());
    }
    return r.values();
  }
}
