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
 * <p>Arguments: root directory, iteration number, maxFileSize, and optionally {@code drain} and a
 * checkpoint interval in ms: put a backlog of {@link #BACKLOG} events first, then only take, so
 * take commits find no put sync to ride on and return before their records are synced; a
 * {@code U} line reports a take commit acknowledged with bytes of the log still unsynced.
 */
public final class FileChannelCrashChild {
  static final int BACKLOG = 5_000;
  private static PrintStream ledger;

  private FileChannelCrashChild() {}

  public static void main(String[] args) throws Exception {
    ledger = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Path root = Path.of(args[0]);
    String iteration = args[1];
    boolean drain = args.length > 3 && args[3].equals("drain");
    Duration checkpoints = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 150);
    FileChannel channel = new FileChannel(config(root, Long.parseLong(args[2]), checkpoints),
        DefaultComponentContext.builder("crash", "c1", new MetricsRegistry().group("c1")).build());
    channel.start();
    if (drain) {
      putBacklog(channel, "i" + iteration + "-b-");
      report("DRAIN");
      Thread c0 = new Thread(() -> consume(channel), "consumer-0");
      Thread c1 = new Thread(() -> consume(channel), "consumer-1");
      c0.start();
      c1.start();
      c0.join();
      return;
    }
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
    return config(root, maxFileSize, Duration.ofMillis(150));
  }

  static FileChannelConfig config(Path root, long maxFileSize, Duration checkpointInterval) {
    return new FileChannelConfig(root.resolve("checkpoint"), root.resolve("backup"),
        List.of(root.resolve("data1"), root.resolve("data2")), 100_000, 100,
        checkpointInterval, maxFileSize, 1, Duration.ofMillis(20), true, false);
  }

  private static void putBacklog(FileChannel channel, String prefix) {
    for (int tx = 0; tx < BACKLOG / 50; tx++) {
      StringBuilder ids = new StringBuilder();
      try (Transaction t = channel.getTransaction()) {
        t.begin();
        for (int k = 0; k < 50; k++) {
          String id = prefix + tx + "-" + k;
          t.put(Event.of(Map.of("id", id), new byte[200]));
          ids.append(' ').append(id);
        }
        report("p" + ids + " .");
        t.commit();
        report("P" + ids + " .");
      }
    }
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
        if (channel.unsyncedBytes() > 0) {
          report("U");
        }
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
