package io.sluice.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where an agent's CPU time ran, vCPU by vCPU, and how fast each vCPU ran while it did (issue #19,
 * opt-in: {@code --vcpu-watch on}). On a shared VM one vCPU can run single-threaded code up to half
 * slower than the other for minutes at a time, and an agent whose hot path is one thread follows
 * the vCPU that thread lands on; this says which it was, run by run, so a figure can be read
 * against the machine it got.
 *
 * <p>A probe thread pinned to each vCPU ({@code taskset} on its own thread id) times a fixed piece
 * of work every 100 ms by its own thread CPU time, so waiting for the core does not count, only
 * how fast the core runs once it has it. The work is what the HTTP agents spend most of theirs on:
 * Jackson's streaming parse of a 15 KB JSON array of 100 Flume events, 10 times (about 0.2–0.3 ms:
 * under 0.5% of each core; a tight arithmetic loop did not show the slow vCPU). A sampler
 * thread reads, every 20 ms, each busy thread of the agent's run time ({@code schedstat}) and the
 * vCPU it last ran on ({@code stat}, field 39), and gives the run time since its last sample to
 * that vCPU; the busy threads are found again each second, so an idle JVM's dozens of threads are
 * not read 50 times a second. Linux only. Started once per bench; one window at a time.
 */
final class VcpuWatch implements AutoCloseable {
  private static final long PROBE_PERIOD_MS = 100;
  private static final long SAMPLE_PERIOD_MS = 20;
  private static final long RESCAN_NANOS = 1_000_000_000L;
  /** A thread whose run time grew less than this over a scan is left out until the next scan. */
  private static final long BUSY_NANOS = 2_000_000L;

  private final int cpus;
  private final List<Thread> probes = new ArrayList<>();
  private final Thread sampler;
  private final Object lock = new Object();
  private volatile boolean stopped;
  /** What the probes parsed, so that the JIT cannot drop their work. */
  private volatile long parsed;
  // Guarded by lock.
  private final List<List<Long>> probeNanos = new ArrayList<>();
  private long pid = -1;
  private final double[] agentNanos;
  /** Per thread id: its run time on each vCPU, and its name. */
  private final Map<String, double[]> threadNanos = new HashMap<>();
  private final Map<String, String> threadNames = new HashMap<>();

  private VcpuWatch(int cpus) {
    this.cpus = cpus;
    this.agentNanos = new double[cpus];
    for (int c = 0; c < cpus; c++) {
      probeNanos.add(new ArrayList<>());
    }
    this.sampler = new Thread(this::sampleLoop, "vcpu-sampler");
    sampler.setDaemon(true);
  }

  /** Starts the probes, each pinned to its vCPU, and the sampler (idle until {@link #begin}). */
  static VcpuWatch start() throws Exception {
    if (!Files.isDirectory(Path.of("/proc/thread-self"))) {
      throw new IllegalStateException("--vcpu-watch needs Linux's /proc");
    }
    VcpuWatch w = new VcpuWatch(Runtime.getRuntime().availableProcessors());
    try {
      for (int c = 0; c < w.cpus; c++) {
        int cpu = c;
        CompletableFuture<Void> pinned = new CompletableFuture<>();
        Thread t = new Thread(() -> w.probeLoop(cpu, pinned), "vcpu-probe-" + c);
        t.setDaemon(true);
        w.probes.add(t);
        t.start();
        try {
          pinned.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          throw new IllegalStateException("--vcpu-watch: " + e.getCause().getMessage(), e.getCause());
        }
      }
      w.sampler.start();
      return w;
    } catch (Exception e) {
      w.close();
      throw e;
    }
  }

  /** Starts a window on the agent process {@code pid}: its placement and the probes' times. */
  void begin(long agentPid) {
    synchronized (lock) {
      pid = agentPid;
      Arrays.fill(agentNanos, 0);
      threadNanos.clear();
      threadNames.clear();
      probeNanos.forEach(List::clear);
    }
  }

  /** Ends the window begun last. */
  Reading end() {
    synchronized (lock) {
      pid = -1;
      double[] share = new double[cpus];
      double total = Arrays.stream(agentNanos).sum();
      double[] probe = new double[cpus];
      for (int c = 0; c < cpus; c++) {
        share[c] = total == 0 ? Double.NaN : agentNanos[c] / total;
        probe[c] = median(probeNanos.get(c)) / 1e3;
      }
      String hottest = null;
      double hot = -1;
      for (var e : threadNanos.entrySet()) {
        double sum = Arrays.stream(e.getValue()).sum();
        if (sum > hot) {
          hot = sum;
          hottest = e.getKey();
        }
      }
      double[] hotShare = new double[cpus];
      for (int c = 0; c < cpus && hottest != null; c++) {
        hotShare[c] = threadNanos.get(hottest)[c] / hot;
      }
      return new Reading(share, probe, hottest == null ? "-" : threadNames.get(hottest),
          total == 0 ? Double.NaN : hot / total, hotShare);
    }
  }

  /**
   * One window's reading: the share of the agent's sampled run time on each vCPU, each vCPU's
   * median probe time in µs, and the agent's busiest thread: its name, its part of the agent's
   * run time, and the share of its own run time on each vCPU.
   */
  record Reading(double[] agentShare, double[] probeMicros, String hottestThread,
      double hottestPart, double[] hottestShare) {
    /**
     * How much slower than the fastest vCPU the agent's run time ran, weighted by where it ran:
     * 1.0 when it all ran on the fastest.
     */
    double slowdown() {
      return weightedProbeMicros() / Arrays.stream(probeMicros).min().orElse(Double.NaN);
    }

    /**
     * The probe's time where the agent ran, weighted by its run time there: comparable across
     * windows and agents (a machine slow on both vCPUs at once shows here, not in {@link
     * #slowdown}).
     */
    double weightedProbeMicros() {
      double s = 0;
      for (int c = 0; c < probeMicros.length; c++) {
        s += agentShare[c] * probeMicros[c];
      }
      return s;
    }

    String describe() {
      StringBuilder b = new StringBuilder("agent on");
      for (int c = 0; c < agentShare.length; c++) {
        b.append(String.format(Locale.ROOT, " cpu%d %.0f%%", c, 100 * agentShare[c]));
      }
      b.append(String.format(Locale.ROOT, "; busiest thread %s (%.0f%% of the agent) on",
          hottestThread, 100 * hottestPart));
      for (int c = 0; c < hottestShare.length; c++) {
        b.append(String.format(Locale.ROOT, " cpu%d %.0f%%", c, 100 * hottestShare[c]));
      }
      b.append("; probe");
      for (int c = 0; c < probeMicros.length; c++) {
        b.append(String.format(Locale.ROOT, " cpu%d %.0f µs", c, probeMicros[c]));
      }
      return b.append(String.format(Locale.ROOT, "; where the agent ran %.0f µs, slowdown %.2f",
          weightedProbeMicros(), slowdown())).toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    sampler.interrupt();
    probes.forEach(Thread::interrupt);
    sampler.join(5_000);
    for (Thread t : probes) {
      t.join(5_000);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The probes

  /** Pins the calling thread to {@code cpu}, then times the work until the watch stops. */
  private void probeLoop(int cpu, CompletableFuture<Void> pinned) {
    try {
      // /proc/thread-self is this thread's /proc/<pid>/task/<tid>.
      pin(Path.of("/proc/thread-self").toRealPath().getFileName().toString(), cpu);
      pinned.complete(null);
    } catch (IOException | InterruptedException | RuntimeException e) {
      pinned.completeExceptionally(e);
      return;
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    JsonFactory json = new JsonFactory();
    byte[] data = HttpSourceBench.request(0);
    int body = indexOf(data, (byte) '[');
    long sink = 0;
    while (!stopped) {
      try {
        TimeUnit.MILLISECONDS.sleep(PROBE_PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      }
      long t0 = mx.getCurrentThreadCpuTime();
      try {
        for (int i = 0; i < 10; i++) {
          sink += parse(json, data, body);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      long t1 = mx.getCurrentThreadCpuTime();
      parsed = sink; // keeps the work's result live
      synchronized (lock) {
        if (pid >= 0) {
          probeNanos.get(cpu).add(t1 - t0);
        }
      }
    }
  }

  /** Parses the JSON from {@code from} to the end; returns the strings' total length. */
  private static long parse(JsonFactory json, byte[] data, int from) throws IOException {
    long chars = 0;
    try (JsonParser p = json.createParser(data, from, data.length - from)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.VALUE_STRING) {
          chars += p.getTextLength();
        }
      }
    }
    return chars;
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    throw new IllegalArgumentException("no " + (char) b);
  }

  // ---------------------------------------------------------------------------------------------
  // The sampler

  private void sampleLoop() {
    Map<String, Long> last = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    List<String> busy = List.of();
    long watched = -1;
    long nextScan = 0;
    while (!stopped) {
      try {
        TimeUnit.MILLISECONDS.sleep(SAMPLE_PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      }
      long p;
      synchronized (lock) {
        p = pid;
      }
      if (p < 0) {
        watched = -1;
        continue;
      }
      if (p != watched || System.nanoTime() - nextScan > 0) {
        Map<String, Long> now = runTimes(p);
        List<String> b = new ArrayList<>();
        for (var e : now.entrySet()) {
          Long before = last.get(e.getKey());
          if (p != watched || before == null || e.getValue() - before >= BUSY_NANOS) {
            b.add(e.getKey());
          }
        }
        if (p != watched) {
          last.clear();
          names.clear();
        }
        last.putAll(now);
        busy = b;
        watched = p;
        nextScan = System.nanoTime() + RESCAN_NANOS;
        continue;
      }
      for (String tid : busy) {
        Path task = Path.of("/proc/" + p + "/task/" + tid);
        try {
          long run = runTime(task);
          int cpu = lastCpu(task);
          Long before = last.put(tid, run);
          if (before != null && cpu >= 0 && cpu < cpus) {
            String name = names.computeIfAbsent(tid, k -> name(task)); // read outside the lock
            synchronized (lock) {
              if (pid == p) {
                agentNanos[cpu] += run - before;
                threadNanos.computeIfAbsent(tid, k -> new double[cpus])[cpu] += run - before;
                threadNames.putIfAbsent(tid, name);
              }
            }
          }
        } catch (IOException | RuntimeException gone) {
          // the thread ended between scans
        }
      }
    }
  }

  /** Every thread's run time in ns, by thread id. */
  private static Map<String, Long> runTimes(long pid) {
    Map<String, Long> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : tasks.toList()) {
        try {
          out.put(t.getFileName().toString(), runTime(t));
        } catch (IOException | RuntimeException gone) {
          // the thread ended
        }
      }
    } catch (IOException gone) {
      // the process ended
    }
    return out;
  }

  /** {@code schedstat}'s first field: the thread's time on a CPU, in ns. */
  private static long runTime(Path task) throws IOException {
    String s = Files.readString(task.resolve("schedstat"));
    return Long.parseLong(s.substring(0, s.indexOf(' ')));
  }

  private static String name(Path task) {
    try {
      return Files.readString(task.resolve("comm")).trim();
    } catch (IOException gone) {
      return task.getFileName().toString();
    }
  }

  /** {@code stat}'s field 39: the CPU the thread last ran on. */
  private static int lastCpu(Path task) throws IOException {
    String stat = Files.readString(task.resolve("stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(f[36]); // f[0] is field 3
  }

  // ---------------------------------------------------------------------------------------------
  // Pinning

  private static void pin(String tid, int cpu) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("taskset", "-p", "-c", Integer.toString(cpu), tid)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("taskset -p -c " + cpu + " " + tid + " failed: " + out);
    }
  }

  private static double median(List<Long> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    long[] s = v.stream().mapToLong(Long::longValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }
}
