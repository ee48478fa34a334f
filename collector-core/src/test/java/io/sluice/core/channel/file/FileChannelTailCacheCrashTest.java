package io.sluice.core.channel.file;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash consistency while takes are served from the tail cache: a child JVM
 * ({@link FileChannelTailCacheCrashChild}) whose consumers keep up with its producers is killed
 * with SIGKILL after a random number of acknowledged commits, once its takes have been coming from
 * the cache; the channel is reopened (the cache is gone, so everything is read from the log) and
 * checked exactly against the child's ledger, as {@link FileChannelCrashTest} does. Iterations:
 * {@code -Dfilechannel.cachecrash.iterations=N} (default 20); the seed is
 * {@code -Dfilechannel.crash.seed=S}.
 */
class FileChannelTailCacheCrashTest {
  private static final Logger LOG = LoggerFactory.getLogger(FileChannelTailCacheCrashTest.class);

  @TempDir Path tmp;

  @Test
  void sigkillWhileTakesComeFromTheCacheLosesAndResurrectsNothing() throws Exception {
    int iterations = Integer.getInteger("filechannel.cachecrash.iterations", 20);
    long seed = Long.getLong("filechannel.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    LOG.info("tail cache crash test: {} iterations, seed {}", iterations, seed);
    Path root = tmp.resolve("channel");
    long eventsChecked = 0;
    long cacheHits = 0;
    for (int i = 0; i < iterations; i++) {
      long maxFileSize = i % 2 == 0 ? 256 << 10 : 64 << 20;
      Ledger ledger = runAndKill(root, i, maxFileSize, 200 + random.nextInt(1500), seed);
      String where = "iteration " + i + " (seed " + seed + ")";
      assertTrue(ledger.cacheHits > 0, where + ": no take was served from the cache");
      cacheHits += ledger.cacheHits;
      eventsChecked += verify(root, maxFileSize, ledger, where);
    }
    LOG.info("tail cache crash test: {} iterations, {} events checked, {} takes from the cache",
        iterations, eventsChecked, cacheHits);
    assertTrue(eventsChecked > 0, "no events reached a restart; the test checked nothing");
  }

  private static final class Ledger {
    final Set<String> putIntent = new HashSet<>();
    final Set<String> putAcked = new HashSet<>();
    final Set<String> takeIntent = new HashSet<>();
    final Set<String> takeAcked = new HashSet<>();
    long cacheHits;

    void line(String line) {
      if (line.length() < 3 || !line.endsWith(" .")) {
        return; // a line cut by the kill, or a stray one
      }
      String[] ids = line.substring(2, line.length() - 2).split(" ");
      switch (line.charAt(0)) {
        case 'p' -> putIntent.addAll(List.of(ids));
        case 'P' -> putAcked.addAll(List.of(ids));
        case 't' -> takeIntent.addAll(List.of(ids));
        case 'T' -> takeAcked.addAll(List.of(ids));
        case 'C' -> cacheHits = Long.parseLong(ids[0]);
        default -> { }
      }
    }
  }

  private Ledger runAndKill(Path root, int iteration, long maxFileSize, int killAfterAcks,
      long seed) throws Exception {
    Path out = tmp.resolve("child-" + iteration + ".out");
    Path stderr = tmp.resolve("child-" + iteration + ".err");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        FileChannelTailCacheCrashChild.class.getName(), root.toString(),
        Integer.toString(iteration), Long.toString(maxFileSize))
        .redirectOutput(out.toFile())
        .redirectError(stderr.toFile())
        .start();
    try {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> acks(out) >= killAfterAcks || !child.isAlive());
      if (!child.isAlive()) {
        fail("child died on its own (exit " + child.exitValue() + ", seed " + seed + "): "
            + Files.readString(stderr));
      }
    } finally {
      child.destroyForcibly(); // SIGKILL
      child.waitFor();
    }
    Ledger ledger = new Ledger();
    for (String line : new String(Files.readAllBytes(out), StandardCharsets.UTF_8).split("\n")) {
      ledger.line(line);
    }
    return ledger;
  }

  private static int acks(Path out) throws IOException {
    byte[] bytes = Files.readAllBytes(out);
    int n = 0;
    for (int i = 0; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\n' && (bytes[i + 1] == 'P' || bytes[i + 1] == 'T')) {
        n++;
      }
    }
    return n;
  }

  private int verify(Path root, long maxFileSize, Ledger ledger, String where) throws Exception {
    FileChannel ch = new FileChannel(FileChannelTailCacheCrashChild.config(root, maxFileSize),
        DefaultComponentContext.builder("crash", "c1", new MetricsRegistry().group("c1")).build());
    ch.start();
    List<String> drained = new ArrayList<>();
    try {
      while (true) {
        try (Transaction tx = ch.getTransaction()) {
          tx.begin();
          List<Event> got = tx.take(100);
          tx.commit();
          if (got.isEmpty()) {
            break;
          }
          got.forEach(e -> drained.add(e.getHeaders().get("id")));
        }
      }
      assertEquals(0, ch.size(), where + ": channel not empty after draining");
    } finally {
      ch.stop();
    }
    Set<String> present = new HashSet<>();
    Map<String, Integer> lastIndexOfTx = new HashMap<>();
    for (String id : drained) {
      assertTrue(present.add(id), where + ": duplicate " + id);
      assertTrue(ledger.putIntent.contains(id), where + ": never put: " + id);
      assertTrue(!ledger.takeAcked.contains(id), where + ": resurrected after an acked take: " + id);
      int cut = id.lastIndexOf('-');
      int k = Integer.parseInt(id.substring(cut + 1));
      Integer before = lastIndexOfTx.put(id.substring(0, cut), k);
      assertTrue(before == null || before < k, where + ": order within a transaction broken at "
          + id);
    }
    for (String id : ledger.putAcked) {
      if (!ledger.takeIntent.contains(id)) {
        assertTrue(present.contains(id), where + ": lost " + id + " (put acked, never taken)");
      }
    }
    return present.size();
  }
}
