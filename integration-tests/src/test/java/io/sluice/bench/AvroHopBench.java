package io.sluice.bench;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.core.avro.AvroSource;
import io.sluice.core.avro.AvroSourceFactory;
import io.sluice.core.channel.memory.MemoryChannelFactory;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.DefaultChannelProcessor;
import io.sluice.core.processing.selector.ReplicatingChannelSelector;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.runtime.NamedThreadFactory;
import io.sluice.core.sink.NullSink;
import io.sluice.core.sink.NullSinkConfig;
import io.sluice.it.flume.FlumeAgentProcess;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.client.RpcException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Avro hop benchmark: 256-byte bodies sent with {@code appendBatch} of 100 and 1000 events over
 * 1 and 4 connections by Sluice's own client, into (a) a Sluice Avro source → memory channel →
 * null sink in this JVM and (b) Apache Flume 1.11.0's Avro source → memory → null in its own JVM.
 * Prints events/s, MB/s, p50/p99 batch latency per point for both and the ratio.
 *
 * <p>Arguments: {@code [seconds-per-point] [warmup-seconds] [runs]} (default 10 3 1). Run with
 * {@code bench/run avro}. Not a test.
 */
public final class AvroHopBench {
  private static final int BODY = 256;
  private static final int[] BATCHES = {100, 1000};
  private static final int[] CONNECTIONS = {1, 4};

  record Result(double eventsPerSec, double p50Millis, double p99Millis, long failed) {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Path work = Files.createTempDirectory("avro-hop-bench");
    int flumePort = freePort();
    // Both targets run in JVMs of their own, apart from the load generator (fair to both); set
    // -Dsluice.bench.inProcess=true to host Sluice's side in this JVM as earlier runs did.
    try (SluiceTarget sluice = Boolean.getBoolean("sluice.bench.inProcess") ? new SluiceSide()
            : SluiceAgentProcess.start(work);
        FlumeAgentProcess flume = FlumeAgentProcess.start(work, flumeConf(flumePort),
            Duration.ofSeconds(60), "Component type: SOURCE, name: r1 started")) {
      Map<String, List<Result>> sl = new HashMap<>();
      Map<String, List<Result>> fl = new HashMap<>();
      for (int run = 1; run <= runs; run++) {
        for (int batch : BATCHES) {
          for (int conns : CONNECTIONS) {
            String key = batch + "/" + conns;
            Result s = load(sluice.port(), batch, conns, warmup, seconds);
            Result f = load(flumePort, batch, conns, warmup, seconds);
            sl.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            fl.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
            System.out.printf("run %d batch %4d conns %d | sluice %9.0f ev/s p50 %6.2f p99 %6.2f ms"
                + " | flume %9.0f ev/s p50 %6.2f p99 %6.2f ms | ratio %.2fx (failed calls %d/%d)%n",
                run, batch, conns, s.eventsPerSec, s.p50Millis, s.p99Millis, f.eventsPerSec,
                f.p50Millis, f.p99Millis, s.eventsPerSec / f.eventsPerSec, s.failed, f.failed);
          }
        }
      }
      System.out.println();
      System.out.println("Medians of " + runs + " run(s), " + seconds + " s per point, "
          + BODY + "-byte bodies:");
      System.out.println("| batch | conns | Sluice ev/s | Sluice MB/s | Sluice p50/p99 ms "
          + "| Flume ev/s | Flume MB/s | Flume p50/p99 ms | ratio |");
      System.out.println("|---|---|---|---|---|---|---|---|---|");
      for (int batch : BATCHES) {
        for (int conns : CONNECTIONS) {
          Result s = median(sl.get(batch + "/" + conns));
          Result f = median(fl.get(batch + "/" + conns));
          System.out.printf("| %d | %d | %.0f | %.1f | %.2f / %.2f | %.0f | %.1f | %.2f / %.2f "
              + "| %.2fx |%n", batch, conns, s.eventsPerSec, mb(s), s.p50Millis, s.p99Millis,
              f.eventsPerSec, mb(f), f.p50Millis, f.p99Millis, s.eventsPerSec / f.eventsPerSec);
        }
      }
    }
  }

  private static double mb(Result r) {
    return r.eventsPerSec * BODY / 1e6;
  }

  private static Result median(List<Result> rs) {
    double[] ev = rs.stream().mapToDouble(Result::eventsPerSec).sorted().toArray();
    double[] p50 = rs.stream().mapToDouble(Result::p50Millis).sorted().toArray();
    double[] p99 = rs.stream().mapToDouble(Result::p99Millis).sorted().toArray();
    long failed = rs.stream().mapToLong(Result::failed).sum();
    return new Result(ev[ev.length / 2], p50[p50.length / 2], p99[p99.length / 2], failed);
  }

  private static String flumeConf(int port) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = avro
        a1.sources.r1.bind = 127.0.0.1
        a1.sources.r1.port = %d
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 100000
        a1.channels.c1.transactionCapacity = 1000
        a1.sinks.k1.type = null
        a1.sinks.k1.channel = c1
        a1.sinks.k1.batchSize = 1000
        """.formatted(port);
  }

  /** Drives {@code conns} connections, each sending batches back to back. */
  private static Result load(int port, int batch, int conns, int warmup, int seconds)
      throws Exception {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      byte[] body = new byte[BODY];
      Arrays.fill(body, (byte) ('a' + i % 26));
      events.add(Event.of(Map.of(), body));
    }
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    long[][] latencies = new long[conns][];
    long[] sent = new long[conns];
    long[] failed = new long[conns];
    CountDownLatch done = new CountDownLatch(conns);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < conns; c++) {
      int id = c;
      Thread t = new Thread(() -> {
        long[] lat = new long[1 << 20];
        int n = 0;
        try (AvroRpcClient client = AvroRpcClient.connect(RpcClientConfig
            .builder("127.0.0.1", port).batchSize(batch).build())) {
          while (!stop.get()) {
            long t0 = System.nanoTime();
            try {
              client.appendBatch(events);
            } catch (RpcException e) {
              if (measuring.get()) {
                failed[id]++;
              }
              if (!client.isActive()) {
                throw e;
              }
              continue;
            }
            if (measuring.get()) {
              if (n < lat.length) {
                lat[n++] = System.nanoTime() - t0;
              }
              sent[id] += batch;
            }
          }
        } catch (RpcException e) {
          System.err.println("load connection " + id + " failed: " + e.getMessage());
        } finally {
          latencies[id] = Arrays.copyOf(lat, n);
          done.countDown();
        }
      }, "bench-load-" + c);
      threads.add(t);
      t.start();
    }
    // The measured window is timed by a scheduler: warm-up, then `seconds` of measurement.
    long[] window = new long[2];
    CountDownLatch measured = new CountDownLatch(1);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    timer.schedule(() -> {
      window[0] = System.nanoTime();
      measuring.set(true);
    }, warmup, TimeUnit.SECONDS);
    timer.schedule(() -> {
      measuring.set(false);
      window[1] = System.nanoTime();
      measured.countDown();
    }, warmup + seconds, TimeUnit.SECONDS);
    if (!measured.await(warmup + seconds + 60L, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the measurement window never ended");
    }
    timer.shutdown();
    long elapsed = window[1] - window[0];
    stop.set(true);
    done.await();
    long total = Arrays.stream(sent).sum();
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    double p50 = all.length == 0 ? 0 : all[all.length / 2] / 1e6;
    double p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, all.length * 0.99)] / 1e6;
    return new Result(total / (elapsed / 1e9), p50, p99, Arrays.stream(failed).sum());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static <C> C configure(ComponentFactory<C> f, Map<String, String> raw) {
    ConfigParser.Result r = ConfigParser.parse(f.configDef(), raw, "");
    if (!r.ok()) {
      throw new IllegalArgumentException(r.problems().toString());
    }
    return f.configure(r.values());
  }

  /** Where the load goes on Sluice's side. */
  interface SluiceTarget extends AutoCloseable {
    int port();
  }

  /** Sluice Avro source → memory channel → null sink, drained by one runner-like thread. */
  private static final class SluiceSide implements SluiceTarget {
    private final Channel channel;
    private final AvroSource source;
    private final Thread drainer;
    private volatile boolean stopping;

    SluiceSide() throws Exception {
      MetricsRegistry metrics = new MetricsRegistry();
      MemoryChannelFactory cf = new MemoryChannelFactory();
      channel = cf.create(configure(cf, Map.of("capacity", "100000",
          "transactionCapacity", "1000")),
          DefaultComponentContext.builder("bench", "c1", metrics.group("CHANNEL.c1")).build());
      channel.start();
      AvroSourceFactory sf = new AvroSourceFactory();
      String threads = System.getProperty("sluice.bench.threads", "8");
      source = (AvroSource) sf.create(configure(sf, Map.of("bind", "127.0.0.1", "port", "0",
              "threads", threads)),
          DefaultComponentContext.builder("bench", "r1", metrics.group("SOURCE.r1"))
              .channelProcessor(new DefaultChannelProcessor("r1",
                  new ReplicatingChannelSelector(List.of(channel), List.of()), List.of(),
                  metrics.group("SOURCE.r1"))).build());
      source.start();
      NullSink sink = new NullSink("k1", channel, new NullSinkConfig(1000),
          metrics.group("SINK.k1"));
      drainer = new NamedThreadFactory("bench-null-sink").newThread(() -> {
        while (!stopping) {
          try {
            sink.process();
          } catch (Exception e) {
            System.err.println("null sink: " + e);
          }
        }
      });
      drainer.start();
    }

    @Override
    public int port() {
      return source.boundPort();
    }

    @Override
    public void close() throws InterruptedException {
      source.stop();
      stopping = true;
      drainer.join();
      channel.stop();
    }
  }
}
