package io.sluice.core.channel.file;

import com.sun.management.OperatingSystemMXBean;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CPU time per event of the file channel alone: the loop of the integration tests'
 * {@code FileChannelBench} (each of 1 or 4 threads puts a batch of 256-byte events, commits, takes
 * the batch, commits; Flume's defaults except the directory), with the process's CPU time
 * (user + system, every thread: callers, syncer, GC, JIT) read before and after a measured run of
 * {@code events} events that follows a warm-up of a quarter as many. Not a test (no {@code Test}
 * suffix); run it on the test classpath:
 * {@code java -cp <collector-core test classpath> io.sluice.core.channel.file.FileChannelCpuBench
 * 300000 /path/on/the/disk}. Results: docs/benchmarks.md.
 */
public final class FileChannelCpuBench {
  private FileChannelCpuBench() {}

  public static void main(String[] a) throws Exception {
    int events = Integer.parseInt(a[0]);
    Path base = Path.of(a[1]);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int batch : new int[] {100, 1000}) {
      for (int threads : new int[] {1, 4}) {
        Path dir = Files.createTempDirectory(base, "cpu");
        FileChannelConfig config = new FileChannelConfig(dir.resolve("checkpoint"), null,
            List.of(dir.resolve("data")), 1_000_000, 10_000, Duration.ofSeconds(30), 2_146_435_071L,
            524_288_000L, Duration.ofSeconds(3), true, false);
        FileChannel ch = new FileChannel(config,
            DefaultComponentContext.builder("bench", "c1", new MetricsRegistry().group("c1")).build());
        ch.start();
        run(ch, batch, threads, events / 4);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        run(ch, batch, threads, events);
        long cpu = os.getProcessCpuTime() - cpu0;
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "batch %4d threads %d: %8.0f events/s  cpu %6.0f ns/event%n",
            batch, threads, events / secs, (double) cpu / events);
        System.out.flush();
        ch.stop();
      }
    }
  }

  static void run(FileChannel ch, int batch, int threads, int events) throws Exception {
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        byte[][] bodies = new byte[batch][256];
        for (int done = 0; done < events / threads; done += batch) {
          try (Transaction tx = ch.getTransaction()) {
            tx.begin();
            for (byte[] b : bodies) tx.put(Event.of(b));
            tx.commit();
          }
          try (Transaction tx = ch.getTransaction()) {
            tx.begin();
            int n = 0;
            while (n < batch && tx.take() != null) n++;
            tx.commit();
          }
        }
      });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) th.join();
  }
}
