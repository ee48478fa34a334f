package io.sluice.core.channel.file;

import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The process {@link FileChannelTailCacheCrashTest} kills: producers and consumers that keep up,
 * so takes are served from the tail cache. Ledger lines as {@link FileChannelCrashChild}'s
 * ({@code p}/{@code P}/{@code t}/{@code T}), plus {@code C cacheHits windowHits fileReads .} after
 * every acknowledged take commit. Arguments: root directory, iteration number, maxFileSize.
 */
public final class FileChannelTailCacheCrashChild {
  private static PrintStream ledger;

  private FileChannelTailCacheCrashChild() {}

  public static void main(String[] args) throws Exception {
    ledger = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Path root = Path.of(args[0]);
    String iteration = args[1];
    FileChannel channel = new FileChannel(config(root, Long.parseLong(args[2])),
        DefaultComponentContext.builder("crash", "c1", new MetricsRegistry().group("c1")).build());
    channel.start();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      String prefix = "i" + iteration + "-p" + p + "-";
      threads.add(new Thread(() -> produce(channel, prefix), "producer-" + p));
    }
    for (int c = 0; c < 2; c++) {
      threads.add(new Thread(() -> consume(channel), "consumer-" + c));
    }
    report("READY");
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
  }

  static FileChannelConfig config(Path root, long maxFileSize) {
    return new FileChannelConfig(root.resolve("checkpoint"), root.resolve("backup"),
        List.of(root.resolve("data1"), root.resolve("data2")), 100_000, 200,
        Duration.ofMillis(150), maxFileSize, 1, Duration.ofMillis(20), true, false, 4 << 20);
  }

  private static void produce(FileChannel channel, String prefix) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int tx = 0; ; tx++) {
      int n = 1 + random.nextInt(20);
      StringBuilder ids = new StringBuilder();
      try (Transaction t = channel.getTransaction()) {
        t.begin();
        for (int k = 0; k < n; k++) {
          String id = prefix + tx + "-" + k;
          byte[] body = new byte[random.nextInt(400)];
          t.put(Event.of(Map.of("id", id), body));
          ids.append(' ').append(id);
        }
        report("p" + ids + " .");
        t.commit();
        report("P" + ids + " .");
      }
      if (channel.size() > 2000) {
        Thread.onSpinWait(); // let the consumers keep up: takes stay in the cache
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private static void consume(FileChannel channel) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (true) {
      try (Transaction t = channel.getTransaction()) {
        t.begin();
        List<Event> got = t.take(1 + random.nextInt(60));
        if (got.isEmpty()) {
          t.commit();
          continue;
        }
        StringBuilder ids = new StringBuilder();
        got.forEach(e -> ids.append(' ').append(e.getHeaders().get("id")));
        if (random.nextInt(10) == 0) {
          t.rollback(); // rolled back takes come back, from the cache again
          continue;
        }
        report("t" + ids + " .");
        t.commit();
        report("T" + ids + " .");
        long[] s = channel.readStats();
        report("C " + s[0] + " " + s[1] + " " + s[2] + " .");
      }
    }
  }

  private static void report(String line) {
    synchronized (ledger) {
      ledger.println(line);
      ledger.flush();
    }
  }
}
