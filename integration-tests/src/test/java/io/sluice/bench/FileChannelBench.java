package io.sluice.bench;

import io.sluice.it.flume.FlumeClasspath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Put-then-take throughput of 256-byte events through a durable file channel alone: Sluice's and
 * Apache Flume 1.11's on the same disk in the same run. Each of {@code threads} threads loops: put
 * {@code batch} events in one transaction, commit, take {@code batch} in another, commit. Prints
 * events/s, MB/s, syncs/s and p50/p99 commit latency per point (medians over runs) and Sluice's
 * ratio to Flume. Run with {@code bench/run filechannel [--seconds S] [--runs R] [--dir D]}.
 */
public final class FileChannelBench {
  private static final int BODY = 256;
  private static final int[] BATCHES = {100, 1000};
  private static final int[] THREADS = {1, 4};

  private FileChannelBench() {}

  record Point(String channel, int batch, int threads, double eventsPerSec, double syncsPerSec,
      double p50Micros, double p99Micros) {}

  public static void main(String[] args) throws Exception {
    double seconds = doubleArg(args, "--seconds", 5);
    int runs = (int) doubleArg(args, "--runs", 3);
    Path base = Path.of(stringArg(args, "--dir", "integration-tests/target/bench"));
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path flumeLib = FlumeClasspath.defaultDir();
    boolean withFlume = FlumeClasspath.available(flumeLib);
    if (!withFlume) {
      System.out.println("Flume jars not found in " + flumeLib.toAbsolutePath()
          + "; measuring Sluice only (bench/run copies them)");
    }
    System.out.printf(Locale.ROOT, "file channel bench: %d-byte events, %.1f s per point, %d runs, "
        + "dir %s, %d cores%n", BODY, seconds, runs, base.toAbsolutePath(),
        Runtime.getRuntime().availableProcessors());
    List<Point> all = new ArrayList<>();
    try (FlumeClasspath flume = withFlume ? FlumeClasspath.open(flumeLib) : null) {
      for (int run = 1; run <= runs; run++) {
        for (int batch : BATCHES) {
          for (int threads : THREADS) {
            all.add(measure("sluice", batch, threads, seconds, base,
                dir -> new SluiceFileChannel(dir)));
            if (flume != null) {
              all.add(measure("flume", batch, threads, seconds, base,
                  dir -> new FlumeFileChannel(flume, dir)));
            }
          }
        }
      }
    }
    System.out.println();
    System.out.println("medians over " + runs + " runs:");
    System.out.println("| batch | threads | channel | events/s | MB/s | syncs/s | commit p50 us "
        + "| commit p99 us | vs Flume |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (int batch : BATCHES) {
      for (int threads : THREADS) {
        Point s = median(all, "sluice", batch, threads);
        Point f = withFlume ? median(all, "flume", batch, threads) : null;
        for (Point p : f == null ? List.of(s) : List.of(s, f)) {
          String ratio = p == s && f != null
              ? String.format(Locale.ROOT, "%.1fx", s.eventsPerSec / f.eventsPerSec) : "";
          System.out.printf(Locale.ROOT, "| %d | %d | %s | %.0f | %.1f | %.0f | %.0f | %.0f | %s |%n",
              batch, threads, p.channel, p.eventsPerSec, p.eventsPerSec * BODY / 1e6,
              p.syncsPerSec, p.p50Micros, p.p99Micros, ratio);
        }
      }
    }
  }

  interface Opener {
    BenchChannel open(Path dir) throws Exception;
  }

  private static Point measure(String name, int batch, int threads, double seconds, Path base,
      Opener opener) throws Exception {
    Path dir = base.resolve(name + "-" + batch + "-" + threads + "-" + System.nanoTime());
    Files.createDirectories(dir);
    try (BenchChannel ch = opener.open(dir)) {
      run(ch, batch, threads, Math.min(1.0, seconds / 4), new long[threads][], new long[threads]);
      long syncsBefore = ch.syncs();
      long[][] latencies = new long[threads][];
      long[] events = new long[threads];
      long start = System.nanoTime();
      run(ch, batch, threads, seconds, latencies, events);
      double elapsed = (System.nanoTime() - start) / 1e9;
      long total = Arrays.stream(events).sum();
      long[] lat = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
      Point p = new Point(name, batch, threads, total / elapsed,
          (ch.syncs() - syncsBefore) / elapsed, lat[lat.length / 2] / 1e3,
          lat[(int) (lat.length * 0.99)] / 1e3);
      System.out.printf(Locale.ROOT, "%-6s batch %4d threads %d: %9.0f events/s %6.1f MB/s "
          + "%6.0f syncs/s p50 %6.0f us p99 %6.0f us%n", name, batch, threads, p.eventsPerSec,
          p.eventsPerSec * BODY / 1e6, p.syncsPerSec, p.p50Micros, p.p99Micros);
      return p;
    } finally {
      deleteTree(dir);
    }
  }

  /** Runs the loop in {@code threads} threads for {@code seconds}; fills latencies and counts. */
  private static void run(BenchChannel ch, int batch, int threads, double seconds,
      long[][] latencies, long[] events) throws Exception {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> workers = new ArrayList<>();
    Exception[] failure = new Exception[1];
    for (int t = 0; t < threads; t++) {
      int me = t;
      Thread w = new Thread(() -> {
        byte[][] bodies = new byte[batch][BODY];
        for (byte[] b : bodies) {
          ThreadLocalRandom.current().nextBytes(b);
        }
        long[] lat = new long[1 << 16];
        int n = 0;
        try {
          while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            ch.putBatch(bodies);
            long t1 = System.nanoTime();
            int got = ch.takeBatch(batch);
            long t2 = System.nanoTime();
            if (n + 2 > lat.length) {
              lat = Arrays.copyOf(lat, lat.length * 2);
            }
            lat[n++] = t1 - t0;
            lat[n++] = t2 - t1;
            events[me] += got;
          }
        } catch (Exception e) {
          synchronized (failure) {
            failure[0] = e;
          }
        }
        latencies[me] = Arrays.copyOf(lat, n);
      }, "bench-" + t);
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  private static Point median(List<Point> all, String channel, int batch, int threads) {
    List<Point> ps = all.stream().filter(p -> p.channel.equals(channel) && p.batch == batch
        && p.threads == threads).sorted(Comparator.comparingDouble(Point::eventsPerSec)).toList();
    return ps.get(ps.size() / 2);
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static double doubleArg(String[] args, String name, double def) {
    String v = stringArg(args, name, null);
    return v == null ? def : Double.parseDouble(v);
  }

  private static String stringArg(String[] args, String name, String def) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return def;
  }
}
