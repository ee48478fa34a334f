package io.sluice.bench;

import io.sluice.bench.TaildirBench.AgentProcess;
import io.sluice.it.flume.FlumeAgentProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The engine of the network source benchmarks (issue #19, {@link SyslogBench},
 * {@link HttpSourceBench}): Apache Flume 1.11.0's source and Sluice's, each agent in a JVM of its
 * own (same heap) running the same Flume-format config text, {@code source → memory → null}.
 * For each run (which agent goes first alternates) each agent is started fresh, then for each
 * number of senders: every sender (a thread with a connection of its own, in this JVM) sends as
 * fast as the agent takes; after {@code --warmup} seconds (the agent's metrics read once a second
 * in them, as a scraper would) the agent's channel counter
 * {@code EventPutSuccessCount} and its process CPU (utime+stime from {@code /proc/<pid>/stat})
 * are read, and again {@code --seconds} later: events/s and CPU-µs per event come from the
 * differences. In the same window the sender threads' CPU (user + system, from the JVM) gives
 * the senders' CPU per event and {@code /proc/stat} the share of the machine left idle: the
 * senders share the cores with the agent, so at full load events/s is the cores over the agent's
 * plus the senders' CPU per event. Then the senders stop, the counters settle, and drops =
 * events sent (syslog: written to the socket; HTTP: answered 200) − events the channel took in
 * that point. Prints every point of every run, a table of medians and, over two or more runs,
 * the per-run Sluice/Flume ratios.
 *
 * <p>Arguments (all optional): {@code --senders 1,16 --seconds 5 --warmup 3 --runs 3
 * --capacity 100000 --keep-alive 3 --agents sluice,flume --dir DIR --bench-warmup 15}
 * ({@code --bench-warmup}: seconds of unmeasured load per number of senders against a throwaway
 * agent of each kind before run 1, so that this JVM's senders are compiled before any measured
 * window; 0 skips it; {@code --vcpu-watch on}: each window also says where the agent's run time
 * went, vCPU by vCPU, and how fast each vCPU ran, {@link VcpuWatch}); {@code --agents} may also
 * name a {@link Load#variants variant} of the Sluice agent, reported against Flume and Sluice in
 * a table of its own. {@code --capacity} and
 * {@code --keep-alive} configure the memory channel of both agents. With the defaults the null
 * sink keeps up, so neither agent meets a full channel; a small channel with {@code keep-alive 0}
 * ({@code --capacity 10000 --keep-alive 0}) is full whenever the sink sleeps after finding too
 * little to take, which is where Flume's syslog TCP source drops (at once) and Sluice's stops
 * reading: the point for sent vs delivered, whose events/s measure the sink's backoff.
 * {@code --sink-rate N} replaces the null sink with the same slow sink on both agents,
 * flume-test-plugin's {@code com.example.ThrottledSink} (built against Flume's API, loaded by class
 * by both) taking at most N events/s and never backing off, so the channel fills at the same rate
 * on both whatever their runners' backoff: the fair drop point ({@code --capacity 10000
 * --keep-alive 0 --sink-rate 50000}).
 * Flume's jars come from {@code integration-tests/target/flume-agent-lib} and
 * {@code -Dsluice.flume.lib} (its Jetty, for HTTP); Sluice runs with this JVM's class path.
 */
final class NetworkSourceBench {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern CHANNEL = Pattern.compile("\"CHANNEL\\.c1\"\\s*:\\s*\\{([^}]*)}");
  private static final Pattern SOURCE = Pattern.compile("\"SOURCE\\.r1\"\\s*:\\s*\\{([^}]*)}");

  /** What one source benchmark sends and how its agents are configured. */
  interface Load {
    String title();

    /** The source's keys, after {@code a1.sources.r1.}, listening on 127.0.0.1:{@code port}. */
    String sourceConfig(int port);

    /**
     * Opt-in variants of the Sluice agent for {@code --agents}: by name, source keys added to
     * {@link #sourceConfig} (the same agent and channel otherwise). None by default.
     */
    default Map<String, String> variants() {
      return Map.of();
    }

    /** A sender with a connection of its own, opened lazily on its thread. */
    Sender sender(int port);
  }

  /** One connection's sending loop; used by one thread. */
  interface Sender extends AutoCloseable {
    /** Sends one unit (a block of lines, one POST) and returns the events the agent took in. */
    int sendOnce() throws IOException;

    /** Requests the agent refused (HTTP 503) so far; the sender sends them again. */
    default long refused() {
      return 0;
    }

    @Override
    void close() throws IOException;
  }

  record Options(List<Integer> senders, int seconds, int warmup, int runs, long capacity,
      String keepAlive, long sinkRate, List<String> agents, Path dir, int benchWarmup,
      boolean vcpuWatch) {}

  /**
   * One agent's figures for one number of senders in one run; {@code channelFull} is how often
   * the source met a full channel: Flume's syslog source counts each event it dropped for it
   * ({@code ChannelWriteFail}), Sluice's each time it stopped reading for it
   * ({@code ChannelFullEpisodes}), its HTTP source each 503 ({@code ChannelWriteFail}).
   */
  record Point(double eventsPerSec, double cpuMicrosPerEvent, double senderCpuMicrosPerEvent,
      double idle, long sent, long delivered, long refused, long channelFull,
      VcpuWatch.Reading vcpu) {
    long drops() {
      return Math.max(0, sent - delivered);
    }
  }

  private final Load load;
  private final Options opt;
  private final Path work;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Where each window's agent ran and how fast its vCPUs were; null unless {@code --vcpu-watch on}. */
  private VcpuWatch vcpus;

  private NetworkSourceBench(Load load, Options opt, Path work) {
    this.load = load;
    this.opt = opt;
    this.work = work;
  }

  static void main(Load load, String[] args) throws Exception {
    Options opt = parse(args);
    for (String agent : opt.agents) {
      if (!agent.equals("sluice") && !agent.equals("flume") && !load.variants().containsKey(agent)) {
        throw new IllegalArgumentException("unknown agent " + agent + "; known: sluice, flume"
            + load.variants().keySet().stream().sorted().map(v -> ", " + v).collect(Collectors.joining()));
      }
    }
    Path work = opt.dir != null ? Files.createDirectories(opt.dir)
        : Files.createTempDirectory("source-bench");
    System.out.printf(Locale.ROOT, "%s bench in %s: senders %s, %d s (after %d s warm-up) per point,"
        + " %d run(s), memory channel capacity %d keep-alive %s, sink %s, %d cores%n", load.title(),
        work, opt.senders, opt.seconds, opt.warmup, opt.runs, opt.capacity, opt.keepAlive,
        sinkName(opt), Runtime.getRuntime().availableProcessors());
    new NetworkSourceBench(load, opt, work).run();
  }

  private static Options parse(String[] args) {
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
    }
    Map<String, String> a = new HashMap<>();
    Set<String> known = Set.of("senders", "seconds", "warmup", "runs", "capacity", "keep-alive",
        "sink-rate", "agents", "dir", "bench-warmup", "vcpu-watch");
    for (int i = 0; i < args.length; i += 2) {
      String k = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown option " + args[i] + "; known: --"
            + String.join(" --", known));
      }
      a.put(k, args[i + 1]);
    }
    return new Options(
        Arrays.stream(a.getOrDefault("senders", "1,16").split(",")).map(Integer::parseInt).toList(),
        Integer.parseInt(a.getOrDefault("seconds", "5")),
        Integer.parseInt(a.getOrDefault("warmup", "3")),
        Integer.parseInt(a.getOrDefault("runs", "3")),
        Long.parseLong(a.getOrDefault("capacity", "100000")),
        a.getOrDefault("keep-alive", "3"),
        Long.parseLong(a.getOrDefault("sink-rate", "0")),
        List.of(a.getOrDefault("agents", "sluice,flume").split(",")),
        a.containsKey("dir") ? Path.of(a.get("dir")) : null,
        Integer.parseInt(a.getOrDefault("bench-warmup", "15")),
        onOff(a.getOrDefault("vcpu-watch", "off")));
  }

  private static boolean onOff(String v) {
    return switch (v) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException("--vcpu-watch takes on or off, not " + v);
    };
  }

  private void run() throws Exception {
    if (opt.vcpuWatch) {
      vcpus = VcpuWatch.start();
    }
    try {
      measure();
    } finally {
      if (vcpus != null) {
        vcpus.close();
      }
    }
  }

  private void measure() throws Exception {
    warmSenders();
    Map<Integer, Map<String, List<Point>>> results = new LinkedHashMap<>();
    for (int r = 1; r <= opt.runs; r++) {
      List<String> order = new ArrayList<>(opt.agents);
      if (r % 2 == 0) {
        java.util.Collections.reverse(order);
      }
      for (String agent : order) {
        int port = freePort();
        try (AgentProcess p = startAgent(agent, "run-" + r + "-" + agent, port)) {
          for (int senders : opt.senders) {
            Point pt = point(p, port, senders, opt.warmup, opt.seconds);
            results.computeIfAbsent(senders, k -> new LinkedHashMap<>())
                .computeIfAbsent(agent, k -> new ArrayList<>()).add(pt);
            System.out.printf(Locale.ROOT, "run %d | %2d sender(s) | %-14s | %9.0f events/s | cpu"
                + " %6.2f µs/event | senders' cpu %5.2f µs/event | idle %4.1f%% | sent %d"
                + " delivered %d dropped %d | refused (503) %d | channel full %d%n", r, senders,
                agent, pt.eventsPerSec, pt.cpuMicrosPerEvent, pt.senderCpuMicrosPerEvent,
                100 * pt.idle, pt.sent, pt.delivered, pt.drops(), pt.refused, pt.channelFull);
            if (pt.vcpu() != null) {
              System.out.printf(Locale.ROOT, "run %d | %2d sender(s) | %-14s | vcpus: %s%n", r,
                  senders, agent, pt.vcpu().describe());
            }
          }
        }
      }
    }
    printTable(results);
  }

  /**
   * Loads a throwaway agent of each kind with each number of senders for {@code --bench-warmup}
   * seconds, unmeasured, before run 1: the senders' code in this JVM is then compiled (and its
   * compiler quiet) before any measured window, so the first run's agent, whichever it is, is not
   * measured against a colder client than the later runs'. Every agent kind gets the same pass.
   */
  private void warmSenders() throws Exception {
    if (opt.benchWarmup <= 0) {
      return;
    }
    for (String agent : opt.agents) {
      int port = freePort();
      try (AgentProcess p = startAgent(agent, "bench-warmup-" + agent, port)) {
        for (int senders : opt.senders) {
          point(p, port, senders, opt.benchWarmup, 1);
        }
      }
    }
    System.out.printf(Locale.ROOT, "senders warmed: %d s per number of senders against each agent%n",
        opt.benchWarmup);
  }

  /** Starts a fresh agent of the given kind on {@code port}, in a directory of its own. */
  private AgentProcess startAgent(String agent, String dirName, int port) throws Exception {
    Path dir = Files.createDirectories(work.resolve(dirName));
    String config = config(port, load.variants().getOrDefault(agent, ""));
    AgentProcess p = agent.equals("flume") ? startFlume(dir, config) : startSluice(agent, dir, config);
    try {
      awaitReady(p, port);
    } catch (Exception e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** The agents' config; {@code variantKeys}: source keys added for a Sluice variant. */
  private String config(int port, String variantKeys) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        %sa1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = %d
        a1.channels.c1.transactionCapacity = 1000
        a1.channels.c1.keep-alive = %s
        a1.sinks.k1.channel = c1
        a1.sinks.k1.batchSize = 1000
        %s
        """.formatted((load.sourceConfig(port) + variantKeys).lines().map(l -> "a1.sources.r1." + l + "\n")
        .collect(Collectors.joining()), opt.capacity, opt.keepAlive, opt.sinkRate > 0
            ? "a1.sinks.k1.type = com.example.ThrottledSink\na1.sinks.k1.rate = " + opt.sinkRate
            : "a1.sinks.k1.type = null");
  }

  /** Loads the agent with {@code n} senders: one point, its window after {@code warmup} s. */
  private Point point(AgentProcess p, int port, int n, int warmup, int seconds) throws Exception {
    long before = putCount(p);
    long fullBefore = channelFull(p);
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder sent = new LongAdder();
    LongAdder refused = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> {
        try (Sender s = load.sender(port)) {
          try {
            while (!stop.get()) {
              sent.add(s.sendOnce());
            }
          } finally {
            refused.add(s.refused());
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "bench-sender-" + i);
      t.start();
      threads.add(t);
    }
    scrapeDuring(p, warmup);
    if (vcpus != null) {
      vcpus.begin(p.process.pid());
    }
    long c0 = p.cpuNanos();
    long s0 = cpuNanos(threads);
    long[] m0 = machineTicks();
    long e0 = putCount(p);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long c1 = p.cpuNanos();
    long s1 = cpuNanos(threads);
    long[] m1 = machineTicks();
    long e1 = putCount(p);
    long t1 = System.nanoTime();
    VcpuWatch.Reading vcpu = vcpus == null ? null : vcpus.end();
    stop.set(true);
    for (Thread t : threads) {
      t.join(60_000);
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(p.name + ": a sender failed", failures.get(0));
    }
    long delivered = settle(p, before + sent.sum()) - before;
    double events = e1 - e0;
    return new Point(events / ((t1 - t0) / 1e9), events == 0 ? Double.NaN : (c1 - c0) / 1e3 / events,
        events == 0 ? Double.NaN : (s1 - s0) / 1e3 / events, idleShare(m0, m1),
        sent.sum(), delivered, refused.sum(), channelFull(p) - fullBefore, vcpu);
  }

  /**
   * Waits {@code seconds} reading the agent's metrics once a second, as a monitoring scraper
   * would. Both agents serve them over the HTTP stack their HTTP source runs on (Sluice: Netty's
   * codec, on an NIO loop beside the source's epoll loops; Flume: Jetty), so the first request to
   * the metrics server after the source's code was compiled for its own types and branches sends
   * much of that code back to be compiled again; read from the start of the warm-up, that happens
   * there and not at the window's start, where the bench's first read used to put it.
   */
  private void scrapeDuring(AgentProcess p, int seconds) throws Exception {
    if (!Boolean.parseBoolean(System.getProperty("sluice.bench.scrapeWarmup", "true"))) {
      // Diagnostic: the first read after the warm-up, to see what a first scrape sets off.
      Thread.sleep(seconds * 1000L);
      return;
    }
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() - end < 0) {
      putCount(p);
      long ms = (end - System.nanoTime()) / 1_000_000;
      if (ms > 0) {
        Thread.sleep(Math.min(1000, ms));
      }
    }
  }

  /**
   * The sender threads' CPU time (user + system). The senders share the machine's cores with the
   * agent, so at full load events/s is the cores over the agent's plus the senders' CPU per
   * event: this says how much of it the client takes.
   */
  private static long cpuNanos(List<Thread> senders) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : senders) {
      sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
    }
    return sum;
  }

  /** The machine's CPU time in ticks from {@code /proc/stat}: {total, idle + iowait}; null off Linux. */
  private static long[] machineTicks() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
      String[] f = lines.findFirst().orElseThrow().trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) { // user .. steal
        total += Long.parseLong(f[i]);
      }
      return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    } catch (IOException | RuntimeException notLinux) {
      return null;
    }
  }

  /** The share of the machine's CPU time left idle between two {@link #machineTicks}; NaN if unknown. */
  private static double idleShare(long[] before, long[] after) {
    if (before == null || after == null || after[0] == before[0]) {
      return Double.NaN;
    }
    return (double) (after[1] - before[1]) / (after[0] - before[0]);
  }

  /**
   * The put count once it reached {@code target} or has not moved for 5 s (a source that paused
   * reading retries with a backoff of up to 1 s, so a shorter quiet time could miss events still
   * on their way), at most 60 s.
   */
  private long settle(AgentProcess p, long target) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    long last = putCount(p);
    long lastChange = System.nanoTime();
    while (last < target && System.nanoTime() - deadline < 0
        && System.nanoTime() - lastChange < 5_000_000_000L) {
      Thread.sleep(200);
      long now = putCount(p);
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
    }
    return last;
  }

  private long putCount(AgentProcess p) throws IOException, InterruptedException {
    String group = group(p, CHANNEL, metrics(p));
    long n = counter(group, "EventPutSuccessCount");
    if (n < 0) {
      throw new IOException(p.name + " /metrics lacks CHANNEL.c1 EventPutSuccessCount: " + group);
    }
    return n;
  }

  /** The source's full-channel count (see {@link Point}); 0 when it has neither counter. */
  private long channelFull(AgentProcess p) throws IOException, InterruptedException {
    String source = group(p, SOURCE, metrics(p));
    return Math.max(0, counter(source, "ChannelWriteFail"))
        + Math.max(0, counter(source, "ChannelFullEpisodes"));
  }

  private String metrics(AgentProcess p) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + p.metricsPort + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(p.name + " /metrics answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static String group(AgentProcess p, Pattern group, String metrics) throws IOException {
    Matcher m = group.matcher(metrics);
    if (!m.find()) {
      throw new IOException(p.name + " /metrics lacks " + group + ": " + metrics);
    }
    return m.group(1);
  }

  /** A counter of a group's JSON text; -1 when it has none. */
  private static long counter(String group, String name) {
    Matcher c = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?(\\d+)").matcher(group);
    return c.find() ? Long.parseLong(c.group(1)) : -1;
  }

  // ---------------------------------------------------------------------------------------------
  // The agents (as TaildirBench starts them, with the same monitoring and class paths)

  private static final String FLUME_LOG4J = """
      <Configuration status="warn">
        <Appenders><Console name="out" target="SYSTEM_OUT">
          <PatternLayout pattern="%d{HH:mm:ss.SSS} %p [%t] %c{1} - %m%n"/></Console></Appenders>
        <Loggers><Root level="info"><AppenderRef ref="out"/></Root></Loggers>
      </Configuration>
      """;

  private AgentProcess startFlume(Path dir, String config) throws Exception {
    Path conf = Files.writeString(dir.resolve("flume.conf"), config);
    Path log4j = Files.writeString(dir.resolve("log4j2.xml"), FLUME_LOG4J);
    int metrics = freePort();
    return start("flume", dir, List.of(java(), "-Xmx1g", "-Dlog4j.configurationFile=" + log4j.toUri(),
        "-Dflume.monitoring.type=http", "-Dflume.monitoring.port=" + metrics, "-cp",
        flumeClasspath(opt.sinkRate > 0), "org.apache.flume.node.Application", "-n", "a1", "-f",
        conf.toString(), "--no-reload-conf"), metrics);
  }

  private AgentProcess startSluice(String name, Path dir, String config) throws Exception {
    Path conf = Files.writeString(dir.resolve("sluice.properties"), config);
    int metrics = freePort();
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-Dflume.monitoring.type=http",
        "-Dflume.monitoring.port=" + metrics, "-Dsun.net.httpserver.nodelay=true"));
    String extra = System.getProperty("sluice.bench.agentJvmArgs", "").trim();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+|,(?=-)")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.sluice.deploy.SluiceMain",
        "agent", "-n", "a1", "-f", conf.toString(), "--no-reload-conf"));
    return start(name, dir, cmd, metrics);
  }

  private AgentProcess start(String name, Path dir, List<String> cmd, int metrics) throws Exception {
    Path log = dir.resolve(name + ".log");
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    AgentProcess p = new AgentProcess(name, proc, metrics, log);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() - deadline < 0) {
      p.checkAlive();
      try {
        putCount(p);
        return p;
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    p.close();
    throw new IllegalStateException(name + " did not serve its counters within " + START_TIMEOUT
        + " (" + last + "); see " + log);
  }

  /**
   * Flume serves its counters before its sources listen, and its HTTP source listens before it
   * registers its counter group (a bench run once read the counters in between and stopped): wait
   * for the source's port, then for its group in the agent's counters.
   */
  private void awaitReady(AgentProcess p, int port) throws Exception {
    awaitUntil(p, "listen on " + port, () -> {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return true;
      } catch (IOException notYet) {
        return false;
      }
    });
    awaitUntil(p, "register its SOURCE.r1 counters", () -> SOURCE.matcher(metrics(p)).find());
  }

  /** A condition of an agent's start-up. */
  private interface StartCheck {
    boolean done() throws Exception;
  }

  /** Looks at {@code check} every 50 ms until it holds; fails if the agent dies or the start timeout passes. */
  private static void awaitUntil(AgentProcess p, String what, StartCheck check) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!check.done()) {
      p.checkAlive();
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(p.name + " did not " + what + " within " + START_TIMEOUT + "; see " + p.log);
      }
      Thread.sleep(50);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Flume's agent jars and, from flume-lib, those they lack (Jetty, ...), one SLF4J binding; with
   * {@code plugin} the flume-test-plugin jar ({@code -Dsluice.flume.test.plugin}) too.
   */
  private static String flumeClasspath(boolean plugin) throws IOException {
    Path agentLib = FlumeAgentProcess.libDir().toAbsolutePath();
    Path lib = Path.of(System.getProperty("sluice.flume.lib",
        agentLib.resolveSibling("flume-lib").toString())).toAbsolutePath();
    List<Path> jars = new ArrayList<>(jarsIn(agentLib));
    Set<String> have = jars.stream().map(NetworkSourceBench::artifact).collect(Collectors.toSet());
    for (Path j : jarsIn(lib)) {
      String a = artifact(j);
      if (!have.contains(a) && !a.startsWith("slf4j-")) {
        jars.add(j);
      }
    }
    if (plugin) {
      jars.add(Path.of(System.getProperty("sluice.flume.test.plugin")).toAbsolutePath());
    }
    return jars.stream().map(Path::toString).collect(Collectors.joining(":"));
  }

  private static List<Path> jarsIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  /** {@code netty-buffer-4.1.68.Final.jar} → {@code netty-buffer}. */
  private static String artifact(Path jar) {
    return jar.getFileName().toString().replaceFirst("-\\d[^-]*(-.*)?\\.jar$", "")
        .replaceFirst("\\.jar$", "");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  private void printTable(Map<Integer, Map<String, List<Point>>> results) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%s: medians of %d run(s), %d s per point after %d s warm-up;"
        + " memory channel capacity %d, keep-alive %s s, sink %s; drops summed over the runs:%n",
        load.title(), opt.runs, opt.seconds, opt.warmup, opt.capacity, opt.keepAlive, sinkName(opt));
    System.out.println("| senders | Sluice events/s | Flume events/s | S/F | CPU µs/event S / F "
        + "| senders' CPU µs/event S / F | idle S / F "
        + "| dropped S / F (of sent S / F) | 503s S / F | channel full S / F |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (var cell : results.entrySet()) {
      List<Point> s = cell.getValue().getOrDefault("sluice", List.of());
      List<Point> f = cell.getValue().getOrDefault("flume", List.of());
      System.out.printf(Locale.ROOT,
          "| %d | %s | %s | %s | %s / %s | %s / %s | %s / %s | %s / %s (of %s / %s) | %s / %s"
              + " | %s / %s |%n",
          cell.getKey(), med(s, Point::eventsPerSec, "%.0f"), med(f, Point::eventsPerSec, "%.0f"),
          s.isEmpty() || f.isEmpty() ? "-" : String.format(Locale.ROOT, "**%.2fx**",
              median(s, Point::eventsPerSec) / median(f, Point::eventsPerSec)),
          med(s, Point::cpuMicrosPerEvent, "%.2f"), med(f, Point::cpuMicrosPerEvent, "%.2f"),
          med(s, Point::senderCpuMicrosPerEvent, "%.2f"),
          med(f, Point::senderCpuMicrosPerEvent, "%.2f"),
          med(s, pt -> 100 * pt.idle(), "%.1f%%"), med(f, pt -> 100 * pt.idle(), "%.1f%%"),
          sum(s, Point::drops), sum(f, Point::drops), sum(s, Point::sent), sum(f, Point::sent),
          sum(s, Point::refused), sum(f, Point::refused), sum(s, Point::channelFull),
          sum(f, Point::channelFull));
    }
    printPairedRatios(results);
    printVcpuRuns(results);
    printVariants(results);
  }

  /**
   * With {@code --vcpu-watch on}: each run's pair beside how much slower than the fastest vCPU each
   * agent's run time ran ({@link VcpuWatch.Reading#slowdown}), so a ratio can be read against the
   * machine each agent got in it.
   */
  private void printVcpuRuns(Map<Integer, Map<String, List<Point>>> results) {
    if (!opt.vcpuWatch) {
      return;
    }
    System.out.println();
    System.out.println("Run by run, with the vCPU probe's time where each agent ran (µs, lower is"
        + " faster) and its slowdown (1.00 = all of the agent's run time on the window's faster"
        + " vCPU):");
    System.out.println("| senders | run | Sluice events/s | probe µs | slowdown | Flume events/s"
        + " | probe µs | slowdown | S/F |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (var cell : results.entrySet()) {
      List<Point> s = cell.getValue().getOrDefault("sluice", List.of());
      List<Point> f = cell.getValue().getOrDefault("flume", List.of());
      for (int i = 0; i < Math.min(s.size(), f.size()); i++) {
        VcpuWatch.Reading sv = s.get(i).vcpu();
        VcpuWatch.Reading fv = f.get(i).vcpu();
        System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.2fx |%n",
            cell.getKey(), i + 1, s.get(i).eventsPerSec(), sv.weightedProbeMicros(), sv.slowdown(),
            f.get(i).eventsPerSec(), fv.weightedProbeMicros(), fv.slowdown(),
            s.get(i).eventsPerSec() / f.get(i).eventsPerSec());
      }
    }
  }

  /**
   * Sluice over Flume run by run (each run measures both agents one after the other): a single
   * hot thread's speed on this kind of machine depends on which vCPU it lands on, so the ratio of
   * medians can swing with a run or two; the median of the per-run ratios, with its spread, says
   * how far that goes.
   */
  private void printPairedRatios(Map<Integer, Map<String, List<Point>>> results) {
    if (opt.runs < 2) {
      return;
    }
    System.out.println();
    System.out.println("Per-run ratios (Sluice / Flume): median (interquartile range, 95% bootstrap"
        + " interval of the median):");
    System.out.println("| senders | events/s | agent CPU per event |");
    System.out.println("|---|---|---|");
    for (var cell : results.entrySet()) {
      List<Point> s = cell.getValue().getOrDefault("sluice", List.of());
      List<Point> f = cell.getValue().getOrDefault("flume", List.of());
      if (s.size() != f.size() || s.size() < 2) {
        continue;
      }
      double[] events = new double[s.size()];
      double[] cpu = new double[s.size()];
      for (int i = 0; i < events.length; i++) {
        events[i] = s.get(i).eventsPerSec() / f.get(i).eventsPerSec();
        cpu[i] = s.get(i).cpuMicrosPerEvent() / f.get(i).cpuMicrosPerEvent();
      }
      System.out.printf(Locale.ROOT, "| %d | %s | %s |%n", cell.getKey(), PairedRatios.of(events),
          PairedRatios.of(cpu));
    }
  }

  /** Each variant agent's medians beside Flume's and Sluice's of the same runs. */
  private void printVariants(Map<Integer, Map<String, List<Point>>> results) {
    List<String> variants = opt.agents.stream().filter(load.variants()::containsKey).toList();
    if (variants.isEmpty()) {
      return;
    }
    System.out.println();
    System.out.println("| senders | agent | events/s | x Flume | x Sluice | CPU µs/event "
        + "| senders' CPU µs/event | idle | dropped (of sent) | 503s |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (var cell : results.entrySet()) {
      List<Point> s = cell.getValue().getOrDefault("sluice", List.of());
      List<Point> f = cell.getValue().getOrDefault("flume", List.of());
      for (String v : variants) {
        List<Point> n = cell.getValue().getOrDefault(v, List.of());
        System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s (of %s) | %s |%n",
            cell.getKey(), v, med(n, Point::eventsPerSec, "%.0f"), ratio(n, f), ratio(n, s),
            med(n, Point::cpuMicrosPerEvent, "%.2f"), med(n, Point::senderCpuMicrosPerEvent, "%.2f"),
            med(n, pt -> 100 * pt.idle(), "%.1f%%"), sum(n, Point::drops), sum(n, Point::sent),
            sum(n, Point::refused));
      }
    }
  }

  /** The ratio of two agents' median events/s, or "-". */
  private static String ratio(List<Point> a, List<Point> b) {
    return a.isEmpty() || b.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2fx",
        median(a, Point::eventsPerSec) / median(b, Point::eventsPerSec));
  }

  private static String sinkName(Options opt) {
    return opt.sinkRate > 0 ? "ThrottledSink at " + opt.sinkRate + " events/s" : "null";
  }

  private static String med(List<Point> ps, ToDoubleFunction<Point> f, String fmt) {
    return ps.isEmpty() ? "-" : String.format(Locale.ROOT, fmt, median(ps, f));
  }

  private static double median(List<Point> ps, ToDoubleFunction<Point> f) {
    double[] v = ps.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String sum(List<Point> ps, java.util.function.ToLongFunction<Point> f) {
    return ps.isEmpty() ? "-" : Long.toString(ps.stream().mapToLong(f).sum());
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
