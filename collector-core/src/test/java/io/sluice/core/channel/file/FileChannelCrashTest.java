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
 * Crash consistency: a child JVM runs a mixed put/take load on a file channel and is killed with
 * SIGKILL after a random number of acknowledged commits; the channel is then reopened here and
 * checked exactly against the ledger of acknowledged commits the child printed. Iterations:
 * {@code -Dfilechannel.crash.iterations=N} (default 30). The directories carry over between
 * iterations, so restarts also replay over earlier crashes.
 */
class FileChannelCrashTest {
  private static final Logger LOG = LoggerFactory.getLogger(FileChannelCrashTest.class);

  @TempDir Path tmp;

  @Test
  void restartAfterSigkillYieldsExactlyTheCommittedEvents() throws Exception {
    int iterations = Integer.getInteger("filechannel.crash.iterations", 30);
    long seed = Long.getLong("filechannel.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    LOG.info("crash test: {} iterations, seed {}", iterations, seed);
    Path root = tmp.resolve("channel");
    int inFlightTotal = 0;
    long eventsChecked = 0;
    for (int i = 0; i < iterations; i++) {
      // Alternate small segments (rolling and deletion) with large ones (preallocation).
      long maxFileSize = i % 2 == 0 ? 128 << 10 : 64 << 20;
      Ledger ledger = runAndKill(root, i, maxFileSize, 20 + random.nextInt(400), seed,
          List.of());
      Verdict v = verify(root, maxFileSize, ledger, "iteration " + i + " (seed " + seed + ")");
      inFlightTotal += v.inFlight;
      eventsChecked += v.present;
    }
    LOG.info("crash test: {} iterations, {} events checked, {} events of in-flight commits resolved either way",
        iterations, eventsChecked, inFlightTotal);
    assertTrue(eventsChecked > 0, "no events reached a restart; the test checked nothing");
  }

  /**
   * Take commits that return before their sync (the default, fsyncPerTake = false): the child puts
   * a backlog, then only takes, so no put's sync covers the takes; killed after a random number of
   * take acknowledgements. A killed process loses nothing it wrote, so the restart must still give
   * exactly the events whose take did not commit: none lost, none delivered again. Half the
   * iterations checkpoint every 150 ms (each checkpoint syncs first) over small segments, so
   * segments emptied by unsynced takes are deleted too; the other half never checkpoints.
   */
  @Test
  void restartAfterSigkillWhileTakesAreUnsyncedYieldsExactlyTheCommittedEvents() throws Exception {
    int iterations = Integer.getInteger("filechannel.crash.drainIterations", 8);
    long seed = Long.getLong("filechannel.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Path root = tmp.resolve("drain");
    int unsyncedAcks = 0;
    long eventsChecked = 0;
    for (int i = 0; i < iterations; i++) {
      boolean checkpoints = i % 2 == 0;
      long maxFileSize = checkpoints ? 128 << 10 : 64 << 20;
      Ledger ledger = runAndKill(root, i, maxFileSize, 20 + random.nextInt(150), seed,
          List.of("drain", checkpoints ? "150" : "3600000"));
      Verdict v = verify(root, maxFileSize, ledger, "drain iteration " + i + " (seed " + seed + ")");
      unsyncedAcks += ledger.unsyncedTakeAcks;
      eventsChecked += v.present;
    }
    LOG.info("unsynced-take crash test: {} iterations, {} take commits acknowledged unsynced, {}"
        + " events checked", iterations, unsyncedAcks, eventsChecked);
    assertTrue(eventsChecked > 0, "no events reached a restart; the test checked nothing");
    assertTrue(unsyncedAcks > 0, "no take commit returned before its sync; nothing was tested");
  }

  /**
   * As the first test, over segment files reused after a checkpoint retired them (64 KiB
   * segments, checkpoints every 150 ms): past a reused segment's records lie its earlier life's,
   * and the restart must still be exact. Every kill must find reused segments in the directories
   * over the iterations, or nothing was tested. {@code -Dfilechannel.crash.reuseIterations=N}
   * (default 6).
   */
  @Test
  void restartAfterSigkillOverReusedSegmentsYieldsExactlyTheCommittedEvents() throws Exception {
    int iterations = Integer.getInteger("filechannel.crash.reuseIterations", 6);
    long seed = Long.getLong("filechannel.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Path root = tmp.resolve("reuse");
    long maxFileSize = 64 << 10;
    int reused = 0;
    long eventsChecked = 0;
    for (int i = 0; i < iterations; i++) {
      Ledger ledger = runAndKill(root, i, maxFileSize, 100 + random.nextInt(400), seed, List.of());
      reused += reusedSegments(root.resolve("data1")) + reusedSegments(root.resolve("data2"));
      Verdict v = verify(root, maxFileSize, ledger, "reuse iteration " + i + " (seed " + seed + ")");
      eventsChecked += v.present;
    }
    LOG.info("reused-segment crash test: {} iterations, {} reused segments met at kills, {} events"
        + " checked", iterations, reused, eventsChecked);
    assertTrue(eventsChecked > 0, "no events reached a restart; the test checked nothing");
    assertTrue(reused > 0, "no reused segment was in the log at a kill; nothing was tested");
  }

  /** Segments of {@code dir} whose header says they are a reused file. */
  static int reusedSegments(Path dir) throws IOException {
    int n = 0;
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(f -> LogSegment.idOf(f) > 0).toList()) {
        try (LogSegment s = LogSegment.open(p)) {
          n += s.recycled() ? 1 : 0;
        } catch (IOException cutShort) {
          // a segment whose header the kill cut off: not reused
        }
      }
    }
    return n;
  }

  /** What the child acknowledged before it died. */
  private static final class Ledger {
    final Set<String> putIntent = new HashSet<>();
    final Set<String> putAcked = new HashSet<>();
    final Set<String> takeIntent = new HashSet<>();
    final Set<String> takeAcked = new HashSet<>();
    int unsyncedTakeAcks;

    void line(String line) {
      if (line.equals("U")) {
        unsyncedTakeAcks++;
        return;
      }
      if (line.length() < 3 || !line.endsWith(" .")) {
        return; // a line cut by the kill, or a stray one
      }
      String[] ids = line.substring(2, line.length() - 2).split(" ");
      switch (line.charAt(0)) {
        case 'p' -> putIntent.addAll(List.of(ids));
        case 'P' -> putAcked.addAll(List.of(ids));
        case 't' -> takeIntent.addAll(List.of(ids));
        case 'T' -> takeAcked.addAll(List.of(ids));
        default -> { }
      }
    }
  }

  private record Verdict(int present, int inFlight) {}

  private Ledger runAndKill(Path root, int iteration, long maxFileSize, int killAfterAcks, long seed,
      List<String> mode) throws Exception {
    // The ledger goes to a file, not a pipe: what the child wrote survives its SIGKILL in the page
    // cache, while a pipe read racing the JDK's drain at process exit can drop the last lines.
    Path out = tmp.resolve("child-" + iteration + ".out");
    Path stderr = tmp.resolve("child-" + iteration + ".err");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        FileChannelCrashChild.class.getName(), root.toString(), Integer.toString(iteration),
        Long.toString(maxFileSize)));
    command.addAll(mode);
    // In drain mode only take acknowledgements after the backlog count.
    char counted = mode.isEmpty() ? 'P' : 'T';
    Process child = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(stderr.toFile())
        .start();
    try {
      // Polled often: a child that only takes (drain) empties its backlog within a few
      // 100 ms polls on a quiet machine, and then nothing is left to check after the kill.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
          .until(() -> acks(out, counted) >= killAfterAcks || !child.isAlive());
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

  /** Acknowledgement lines: puts and takes, or ({@code counted} = 'T') takes only. */
  private static int acks(Path out, char counted) throws IOException {
    byte[] bytes = Files.readAllBytes(out);
    int n = 0;
    for (int i = 0; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\n' && (bytes[i + 1] == counted || bytes[i + 1] == 'T')) {
        n++;
      }
    }
    return n;
  }

  private Verdict verify(Path root, long maxFileSize, Ledger ledger, String where) throws Exception {
    FileChannel ch = new FileChannel(FileChannelCrashChild.config(root, maxFileSize),
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
    int inFlight = 0;
    for (String id : ledger.putAcked) {
      if (!ledger.takeIntent.contains(id)) {
        assertTrue(present.contains(id), where + ": lost " + id + " (put acked, never taken)");
      }
    }
    for (String id : ledger.putIntent) {
      if (!ledger.putAcked.contains(id) || ledger.takeIntent.contains(id)
          && !ledger.takeAcked.contains(id)) {
        inFlight++;
      }
    }
    return new Verdict(present.size(), inFlight);
  }
}
