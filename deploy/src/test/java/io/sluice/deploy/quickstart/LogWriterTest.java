package io.sluice.deploy.quickstart;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.runtime.NamedThreadFactory;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart's log writer on real files: whatever its rotations, the active file and the
 * rotated ones together hold every line of its ledger exactly once, and its ledger counts the
 * rotations of each kind.
 */
class LogWriterTest {
  @TempDir Path tmp;
  private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void rotationsByRenameAndCopytruncateKeepEveryLineExactlyOnce() throws Exception {
    Path logs = tmp.resolve("logs");
    Path ledgerFile = tmp.resolve("ledger.properties");
    LogWriterConfig config = new LogWriterConfig(logs, "app.log", "edge1", 2000, 60,
        Duration.ofMillis(150), 20, ledgerFile);
    LogWriter writer = new LogWriter(config, Clock.systemUTC(), quiet);
    ExecutorService runner = Executors.newSingleThreadExecutor(
        new NamedThreadFactory("log-writer-test"));
    try {
      Future<?> run = runner.submit(() -> {
        writer.run();
        return null;
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.read(ledgerFile)
          .map(l -> l.renames() >= 2 && l.copytruncates() >= 2).orElse(false));
      writer.rotateEvery(Duration.ZERO);
      writer.stop();
      run.get(30, TimeUnit.SECONDS);
    } finally {
      writer.stop();
      runner.shutdownNow();
    }
    Ledger ledger = Ledger.read(ledgerFile).orElseThrow();
    assertTrue(ledger.closed(), "final ledger");
    assertTrue(ledger.written() > 100, ledger.toString());
    assertTrue(ledger.rotations() < 20, "no generation was deleted: " + ledger);

    BitSet seen = new BitSet();
    long lines = 0;
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          String[] words = line.split(" ");
          assertEquals("edge1", words[0], line);
          assertEquals(60, line.length(), line);
          int seq = Integer.parseInt(words[1]);
          assertTrue(!seen.get(seq), "line " + seq + " twice (" + f + ")");
          seen.set(seq);
          lines++;
        }
      }
    }
    assertEquals(ledger.written(), lines, "every line written is in one file, once");
    assertEquals(ledger.written(), seen.nextClearBit(0), "no gap in the numbering");
    assertEquals(ledger.rotations() + 1, Files.list(logs).count(),
        "app.log and one file per rotation");
  }

  @Test
  void theEndOfItsInputStopsIt() throws Exception {
    Path ledgerFile = tmp.resolve("ledger.properties");
    LogWriterConfig config = new LogWriterConfig(tmp.resolve("logs"), "app.log", "edge2", 100,
        40, Duration.ZERO, 3, ledgerFile);
    LogWriter writer = new LogWriter(config, Clock.systemUTC(), quiet);
    WriterCommands commands = new WriterCommands(new ByteArrayInputStream(
        "nonsense\nrotate-every 50\nrotate-every 0\n".getBytes(StandardCharsets.UTF_8)), writer, quiet);
    ExecutorService runner = Executors.newSingleThreadExecutor(
        new NamedThreadFactory("log-writer-test"));
    try {
      Future<?> run = runner.submit(() -> {
        writer.run();
        return null;
      });
      commands.start(); // ignores nonsense, applies the rest; then the input ends: it stops
      run.get(30, TimeUnit.SECONDS);
    } finally {
      writer.stop();
      runner.shutdownNow();
    }
    Ledger ledger = Ledger.read(ledgerFile).orElseThrow();
    assertTrue(ledger.closed(), ledger.toString());
    assertEquals("edge2", ledger.prefix());
  }

  @Test
  void optionsRoundTrip() {
    LogWriterConfig c = new LogWriterConfig(tmp.resolve("d"), "x.log", "p", 7, 80,
        Duration.ofMillis(1500), 4, tmp.resolve("l"));
    assertEquals(c, LogWriterConfig.parse(c.args()));
    assertTrue(List.of("--dir", "--prefix", "--ledger").stream().allMatch(c.args()::contains));
  }
}
