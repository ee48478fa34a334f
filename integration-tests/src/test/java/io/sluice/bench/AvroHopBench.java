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
import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * The Avro hop benchmark: 256-byte bodies sent with {@code appendBatch} of 100 and 1000 events over
 * 1 and 4 connections into (a) a Sluice agent (Avro source → memory channel → null sink) and (b)
 * Apache Flume 1.11.0's agent of the same shape, each in a JVM of its own with the same heap.
 * Prints events/s, MB/s, p50/p99 batch latency and the CPU time per event of the target process
 * for both, and the ratio.
 *
 * <p>The load comes from {@link RawBatchConnection}s (one thread each, closed loop unless
 * {@code -Dsluice.bench.inFlight=N}), which cost the shared two cores little, so what is measured
 * is the targets; {@code -Dsluice.bench.busyPoll=true} makes them spin rather than sleep while
 * waiting for a reply, {@code -Dsluice.bench.bufferBytes=8192} makes them split each call into
 * buffers as Flume's own clients do, {@code -Dsluice.bench.client=sluice} uses Sluice's Netty
 * client instead.
 * {@code -Dsluice.bench.batches=100,1000} and {@code -Dsluice.bench.conns=1,4} pick the points;
 * {@code -Dsluice.bench.channels=memory,file} picks the channel between source and sink (default
 * {@code memory}; {@code file} is a file channel on both sides, in the bench's temporary directory,
 * with each side's defaults; each channel gets a fresh pair of agents and a table of its own);
 * {@code -Dsluice.bench.interceptor=com.example.TaggingInterceptor$Builder} puts that interceptor
 * (built against Flume's API, from the jar in {@code sluice.flume.test.plugin}) on both agents'
 * source, with {@code tag = bench} ({@code bench/run interceptor}), and with
 * {@code -Dsluice.bench.interceptorNonBlocking=true} also {@code sluice.nonBlocking = true} (which
 * Flume ignores);
 * {@code -Dsluice.bench.agentJvmArgs="..."} passes JVM options (e.g. a profiler) to Sluice's agent;
 * {@code -Dsluice.bench.baselineJvmArgs="..."} replaces Flume by a second Sluice agent with those
 * options, for A/B comparisons. Options are separated by whitespace or by a comma before a dash.
 * {@code -Dsluice.bench.baselineChannelConf="fsyncPerTake = true"} adds channel keys
 * ({@code ;}-separated) to that second Sluice agent's channel only, for an A/B of a setting.
 * {@code -Dsluice.bench.agentWarmupSeconds=N} loads each fresh agent for N seconds at every point,
 * unmeasured, before the first run (default 0): the per-point warm-up of a few seconds leaves a
 * fresh agent still JIT-compiling in the first runs' windows, so with N large enough (20–30 s on
 * two cores) every window measures the steady state.
 * Runs alternate which agent is loaded first; with several runs the benchmark also prints the
 * median of the per-run ratios with their spread ({@link PairedRatios}), which is what an A/B on a
 * noisy machine should be read by (many short runs rather than a few long ones).
 *
 * <p>Arguments: {@code [seconds-per-point] [warmup-seconds] [runs]} (default 10 3 1). Run with
 * {@code bench/run avro}. Not a test.
 */
public final class AvroHopBench {
  private static final int BODY = 256;
  private static final int[] BATCHES = points("sluice.bench.batches", "100,1000");
  private static final int[] CONNECTIONS = points("sluice.bench.conns", "1,4");
  private static final List<String> CHANNELS =
      List.of(System.getProperty("sluice.bench.channels", "memory").split(","));
  /**
   * The load generator: {@link RawBatchConnection} (default; a pre-encoded frame on a blocking
   * socket, so the generator takes little of the CPU both targets share) or, with
   * {@code -Dsluice.bench.client=sluice}, Sluice's own Netty {@code AvroRpcClient}.
   */
  private static final boolean RAW_CLIENT =
      !"sluice".equals(System.getProperty("sluice.bench.client", "raw"));
  /**
   * {@code -Dsluice.bench.busyPoll=true}: the raw client spins on non-blocking sockets instead of
   * sleeping until a reply arrives ({@link BusyPollingSocket}; one core per connection).
   */
  private static final boolean BUSY_POLL = Boolean.getBoolean("sluice.bench.busyPoll");
  /**
   * {@code -Dsluice.bench.bufferBytes=8192}: the raw client splits each call into buffers of this
   * size, as Flume's own clients (Avro's NettyTransceiver) do; 0 (default) sends one buffer.
   */
  private static final int BUFFER_BYTES = Integer.getInteger("sluice.bench.bufferBytes", 0);
  /**
   * {@code -Dsluice.bench.timestampHeader=true}: every event carries a {@code timestamp} header
   * (epoch millis, as Flume's timestamp interceptor writes it), so the agent measures its age.
   */
  private static final boolean TIMESTAMP_HEADER =
      Boolean.getBoolean("sluice.bench.timestampHeader");
  /** A Flume interceptor's Builder class on both agents' source; empty for none. */
  private static final String INTERCEPTOR = System.getProperty("sluice.bench.interceptor", "");
  private static final boolean INTERCEPTOR_NON_BLOCKING =
      Boolean.getBoolean("sluice.bench.interceptorNonBlocking");
  /** Calls each connection keeps in flight (pipelining; raw client only); 1 = closed loop. */
  private static final int IN_FLIGHT = Integer.getInteger("sluice.bench.inFlight", 1);

  /**
   * One measured point; {@code serverCpuNanos}/{@code clientCpuNanos} are CPU time per event of
   * the target's process and of this (load generator) process during the window.
   */
  record Result(double eventsPerSec, double p50Millis, double p99Millis, long failed,
      double serverCpuNanos, double clientCpuNanos) {}

  private static int[] points(String property, String defaults) {
    return Arrays.stream(System.getProperty(property, defaults).split(","))
        .mapToInt(v -> Integer.parseInt(v.trim())).toArray();
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    for (String channel : CHANNELS) {
      String ch = channel.trim();
      if (!ch.equals("memory") && !ch.equals("file")) {
        throw new IllegalArgumentException("sluice.bench.channels: '" + ch
            + "' is neither memory nor file");
      }
      if (ch.equals("file") && Boolean.getBoolean("sluice.bench.inProcess")) {
        throw new IllegalArgumentException("sluice.bench.inProcess runs a memory channel only");
      }
      runChannel(ch, seconds, warmup, runs);
    }
  }

  private static void runChannel(String channel, int seconds, int warmup, int runs)
      throws Exception {
    Path work = Files.createTempDirectory("avro-hop-bench-" + channel);
    System.out.println("channel: " + channel + (INTERCEPTOR.isEmpty() ? "" : ", interceptor "
        + INTERCEPTOR) + " (work directory " + work + ")");
    // Both targets run in JVMs of their own, apart from the load generator (fair to both); set
    // -Dsluice.bench.inProcess=true to host Sluice's side in this JVM as earlier runs did.
    try (SluiceTarget sluice = Boolean.getBoolean("sluice.bench.inProcess") ? new SluiceSide()
            : SluiceAgentProcess.start(work, channel);
        SluiceTarget flume = baseline(work, channel)) {
      Map<String, List<Result>> sl = new HashMap<>();
      Map<String, List<Result>> fl = new HashMap<>();
      int agentWarmup = Integer.getInteger("sluice.bench.agentWarmupSeconds", 0);
      if (agentWarmup > 0) {
        System.out.println("agent warm-up: " + agentWarmup + " s per point and agent, unmeasured");
        for (int batch : BATCHES) {
          for (int conns : CONNECTIONS) {
            load(sluice.port(), sluice.process(), batch, conns, agentWarmup, 1);
            load(flume.port(), flume.process(), batch, conns, agentWarmup, 1);
          }
        }
      }
      for (int run = 1; run <= runs; run++) {
        for (int batch : BATCHES) {
          for (int conns : CONNECTIONS) {
            String key = batch + "/" + conns;
            // Every other run loads the baseline first, so neither side is always the one
            // measured right after the other's burst (caches, clocks, the other agent's GC).
            boolean baselineFirst = run % 2 == 0;
            Result f = baselineFirst
                ? load(flume.port(), flume.process(), batch, conns, warmup, seconds) : null;
            Result s = load(sluice.port(), sluice.process(), batch, conns, warmup, seconds);
            if (!baselineFirst) {
              f = load(flume.port(), flume.process(), batch, conns, warmup, seconds);
            }
            refuseIfAllFailed("Sluice", s, work);
            refuseIfAllFailed("the baseline", f, work);
            sl.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            fl.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
            System.out.printf("run %d batch %4d conns %d | sluice %9.0f ev/s p50 %6.2f p99 %6.2f ms"
                + " | flume %9.0f ev/s p50 %6.2f p99 %6.2f ms | ratio %.2fx (failed calls %d/%d)"
                + " | cpu ns/event server %.0f/%.0f client %.0f/%.0f%n",
                run, batch, conns, s.eventsPerSec, s.p50Millis, s.p99Millis, f.eventsPerSec,
                f.p50Millis, f.p99Millis, s.eventsPerSec / f.eventsPerSec, s.failed, f.failed,
                s.serverCpuNanos, f.serverCpuNanos, s.clientCpuNanos, f.clientCpuNanos);
          }
        }
      }
      System.out.println();
      System.out.println("Medians of " + runs + " run(s), " + seconds + " s per point, "
          + BODY + "-byte bodies, avro -> " + (INTERCEPTOR.isEmpty() ? "" : INTERCEPTOR + " -> ")
          + channel + " -> null:");
      System.out.println("| batch | conns | Sluice ev/s | Sluice MB/s | Sluice p50/p99 ms "
          + "| Flume ev/s | Flume MB/s | Flume p50/p99 ms | ratio | server CPU ns/event S / F |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      for (int batch : BATCHES) {
        for (int conns : CONNECTIONS) {
          Result s = median(sl.get(batch + "/" + conns));
          Result f = median(fl.get(batch + "/" + conns));
          System.out.printf("| %d | %d | %.0f | %.1f | %.2f / %.2f | %.0f | %.1f | %.2f / %.2f "
              + "| %.2fx | %.0f / %.0f |%n", batch, conns, s.eventsPerSec, mb(s), s.p50Millis,
              s.p99Millis, f.eventsPerSec, mb(f), f.p50Millis, f.p99Millis,
              s.eventsPerSec / f.eventsPerSec, s.serverCpuNanos, f.serverCpuNanos);
        }
      }
      if (runs > 1) {
        printPairedRatios(sl, fl);
      }
    }
    deleteChannelData(work);
  }

  /**
   * Deletes the agents' channel directories once both agents have stopped: a file cell leaves
   * gigabytes of segments (2 GiB each) per agent. The agents' logs and configs stay; a failed run
   * never gets here and keeps everything.
   */
  private static void deleteChannelData(Path work) throws IOException {
    try (Stream<Path> dirs = Files.list(work)) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().endsWith("-channel")).toList()) {
        TaildirBench.deleteTree(dir);
      }
    }
    System.out.println("deleted the channel data under " + work);
  }

  /** Medians of the per-run ratios with their spread: what an A/B of many short pairs shows. */
  private static void printPairedRatios(Map<String, List<Result>> sl,
      Map<String, List<Result>> fl) {
    System.out.println();
    // The first pair measures the agents' JIT compilation as much as their code (its first point
    // always loads Sluice's side first): left out whenever enough pairs follow it.
    int first = sl.values().iterator().next().size() > 2 ? 1 : 0;
    System.out.println("Per-run ratios (Sluice / baseline), run " + (first + 1) + " on: median"
        + " (interquartile range, 95% bootstrap interval of the median):");
    System.out.println("| batch | conns | ev/s ratio | server CPU per event ratio |");
    System.out.println("|---|---|---|---|");
    for (int batch : BATCHES) {
      for (int conns : CONNECTIONS) {
        List<Result> s = sl.get(batch + "/" + conns);
        List<Result> f = fl.get(batch + "/" + conns);
        double[] ev = new double[s.size() - first];
        double[] cpu = new double[s.size() - first];
        for (int i = 0; i < ev.length; i++) {
          ev[i] = s.get(first + i).eventsPerSec / f.get(first + i).eventsPerSec;
          cpu[i] = s.get(first + i).serverCpuNanos / f.get(first + i).serverCpuNanos;
        }
        System.out.printf("| %d | %d | %s | %s |%n", batch, conns, PairedRatios.of(ev),
            PairedRatios.of(cpu));
      }
    }
  }

  /**
   * Apache Flume 1.11.0's agent; or, with {@code -Dsluice.bench.baselineJvmArgs=...}, a second
   * Sluice agent with those JVM options (an A/B comparison of two settings in one run, whose
   * "flume" columns are then that agent's).
   */
  private static SluiceTarget baseline(Path work, String channel) throws Exception {
    String args = System.getProperty("sluice.bench.baselineJvmArgs");
    if (args != null) {
      System.out.println("baseline: a Sluice agent with JVM options '" + args + "'");
      return SluiceAgentProcess.start(work, "sluice-baseline", args, channel,
          System.getProperty("sluice.bench.baselineChannelConf", ""));
    }
    int port = freePort();
    List<Path> jars = INTERCEPTOR.isEmpty() ? List.of()
        : List.of(Path.of(System.getProperty("sluice.flume.test.plugin")));
    FlumeAgentProcess flume = FlumeAgentProcess.start(work,
        flumeConf(port, channelConf(channel, work.resolve("flume-channel"))), "1g", jars,
        Duration.ofSeconds(60), "Component type: SOURCE, name: r1 started");
    ProcessHandle process = ProcessHandle.of(flume.pid()).orElseThrow();
    return new SluiceTarget() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public ProcessHandle process() {
        return process;
      }

      @Override
      public void close() throws Exception {
        flume.close();
      }
    };
  }

  /** A point where every call failed measures nothing: stop, and say where the agents' logs are. */
  private static void refuseIfAllFailed(String who, Result r, Path work) {
    if (r.eventsPerSec == 0 && r.failed > 0) {
      throw new IllegalStateException(who + "'s agent refused every call (" + r.failed
          + " failed); see its log in " + work);
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
    double[] scpu = rs.stream().mapToDouble(Result::serverCpuNanos).sorted().toArray();
    double[] ccpu = rs.stream().mapToDouble(Result::clientCpuNanos).sorted().toArray();
    return new Result(ev[ev.length / 2], p50[p50.length / 2], p99[p99.length / 2], failed,
        scpu[scpu.length / 2], ccpu[ccpu.length / 2]);
  }

  private static String flumeConf(int port, String channelConf) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = avro
        a1.sources.r1.bind = 127.0.0.1
        a1.sources.r1.port = %d
        a1.sources.r1.channels = c1
        a1.sinks.k1.type = null
        a1.sinks.k1.channel = c1
        a1.sinks.k1.batchSize = 1000
        """.formatted(port) + channelConf + interceptorConf();
  }

  /** Source r1's interceptor for {@code -Dsluice.bench.interceptor}, the same text for both agents. */
  static String interceptorConf() {
    return INTERCEPTOR.isEmpty() ? "" : """
        a1.sources.r1.interceptors = i1
        a1.sources.r1.interceptors.i1.type = %s
        a1.sources.r1.interceptors.i1.tag = bench
        """.formatted(INTERCEPTOR) + (INTERCEPTOR_NON_BLOCKING
            ? "a1.sources.r1.interceptors.i1.sluice.nonBlocking = true\n" : "");
  }

  /**
   * The agent's channel {@code c1}, the same text for Sluice and Flume: a memory channel, or a
   * file channel under {@code dir} with each side's defaults for everything but its directories
   * (Flume's documented defaults: capacity 1,000,000, transactionCapacity 10,000).
   */
  static String channelConf(String channel, Path dir) {
    if (channel.equals("file")) {
      return """
          a1.channels.c1.type = file
          a1.channels.c1.checkpointDir = %s
          a1.channels.c1.dataDirs = %s
          """.formatted(dir.resolve("checkpoint"), dir.resolve("data"));
    }
    return """
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 100000
        a1.channels.c1.transactionCapacity = 1000
        """;
  }

  /** Drives {@code conns} connections, each sending batches back to back. */
  private static Result load(int port, ProcessHandle server, int batch, int conns, int warmup,
      int seconds)
      throws Exception {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      byte[] body = new byte[BODY];
      Arrays.fill(body, (byte) ('a' + i % 26));
      events.add(Event.of(TIMESTAMP_HEADER
          ? Map.of("timestamp", Long.toString(System.currentTimeMillis())) : Map.of(), body));
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
        try (BatchSender sender = RAW_CLIENT ? raw(port, events) : sluiceClient(port, events)) {
          long[] sentAt = new long[1 << 16]; // by serial; far more than can be in flight
          for (int i = 0; i < IN_FLIGHT - 1; i++) {
            sentAt[sender.send() & 0xffff] = System.nanoTime();
          }
          while (!stop.get()) {
            sentAt[sender.send() & 0xffff] = System.nanoTime();
            int reply = sender.nextReply();
            if (reply < 0) {
              if (measuring.get()) {
                failed[id]++;
              }
              continue;
            }
            if (measuring.get()) {
              if (n < lat.length) {
                lat[n++] = System.nanoTime() - sentAt[reply & 0xffff];
              }
              sent[id] += batch;
            }
          }
        } catch (Exception e) {
          System.err.println("load connection " + id + " failed: " + e);
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
    long[] serverCpu = new long[2];
    long[] clientCpu = new long[2];
    CountDownLatch measured = new CountDownLatch(1);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    timer.schedule(() -> {
      serverCpu[0] = cpuNanos(server);
      clientCpu[0] = cpuNanos(ProcessHandle.current());
      window[0] = System.nanoTime();
      measuring.set(true);
    }, warmup, TimeUnit.SECONDS);
    timer.schedule(() -> {
      measuring.set(false);
      window[1] = System.nanoTime();
      serverCpu[1] = cpuNanos(server);
      clientCpu[1] = cpuNanos(ProcessHandle.current());
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
    double perEvent = Math.max(total, 1);
    return new Result(total / (elapsed / 1e9), p50, p99, Arrays.stream(failed).sum(),
        (serverCpu[1] - serverCpu[0]) / perEvent, (clientCpu[1] - clientCpu[0]) / perEvent);
  }

  private static long cpuNanos(ProcessHandle p) {
    return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /**
   * One connection's way of sending the batch: {@link #send()} starts a call and returns its
   * serial, {@link #nextReply()} waits for the next answer and returns its serial (negated when it
   * was not OK).
   */
  interface BatchSender extends AutoCloseable {
    int send() throws Exception;

    int nextReply() throws Exception;
  }

  private static BatchSender raw(int port, List<Event> events) throws Exception {
    RawBatchConnection c = new RawBatchConnection(port, events, BUSY_POLL, BUFFER_BYTES);
    return new BatchSender() {
      @Override
      public int send() throws Exception {
        return c.send();
      }

      @Override
      public int nextReply() throws Exception {
        return c.nextReply();
      }

      @Override
      public void close() throws Exception {
        c.close();
      }
    };
  }

  /** Sluice's blocking client: closed loop only (the call happens in {@link #nextReply()}). */
  private static BatchSender sluiceClient(int port, List<Event> events) throws Exception {
    if (IN_FLIGHT != 1) {
      throw new IllegalArgumentException("sluice.bench.inFlight needs the raw client");
    }
    AvroRpcClient client = AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", port)
        .batchSize(events.size()).build());
    return new BatchSender() {
      private int serial;

      @Override
      public int send() {
        return ++serial;
      }

      @Override
      public int nextReply() throws RpcException {
        try {
          client.appendBatch(events);
          return serial;
        } catch (RpcException e) {
          if (!client.isActive()) {
            throw e;
          }
          return -serial;
        }
      }

      @Override
      public void close() {
        client.close();
      }
    };
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

    /** The process whose CPU time counts as the server's. */
    ProcessHandle process();
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
    public ProcessHandle process() {
      return ProcessHandle.current();
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
