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
 * The process {@link FileChannelCrashTest} kills: runs producers and consumers on a file channel
 * forever and reports to stdout, one flushed line each, {@code p ids .} before a put commit,
 * {@code P ids .} after it returned, and {@code t}/{@code T} likewise for takes. Logging goes to
 * stderr so the ledger lines stay whole.
 *
 * <p>Arguments: root directory, iteration number, maxFileSize.
 */
public final class FileChannelCrashChild {
  private static PrintStream ledger;

  private FileChannelCrashChild() {}

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
        List.of(root.resolve("data1"), root.resolve("data2")), 100_000, 100,
        Duration.ofMillis(150), maxFileSize, 1, Duration.ofMillis(20), true, false);
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
    }
  }

  private static void consume(FileChannel channel) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (true) {
      try (Transaction t = channel.getTransaction()) {
        t.begin();
        List<Event> got = t.take(1 + random.nextInt(30));
        if (got.isEmpty()) {
          t.commit();
          continue;
        }
        StringBuilder ids = new StringBuilder();
        got.forEach(e -> ids.append(' ').append(e.getHeaders().get("id")));
        if (random.nextInt(10) == 0) {
          t.rollback(); // rolled back takes must come back
          continue;
        }
        report("t" + ids + " .");
        t.commit();
        report("T" + ids + " .");
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
