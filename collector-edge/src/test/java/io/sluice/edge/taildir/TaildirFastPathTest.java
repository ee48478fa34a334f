package io.sluice.edge.taildir;

import static io.sluice.edge.taildir.TaildirFixture.append;
import static io.sluice.edge.taildir.TaildirFixture.lines;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-line and per-batch shortcuts give what the plain ways gave. */
class TaildirFastPathTest {
  @TempDir
  Path root;

  @Test
  void newlineSearchFindsTheFirstNewlineAtEveryOffsetAndLength() {
    Random random = new Random(15);
    for (int round = 0; round < 2_000; round++) {
      // Short and long runs without a newline, so each step width and its tail are exercised.
      byte[] buf = new byte[1 + random.nextInt(round % 2 == 0 ? 40 : 160)];
      int spacing = round % 2 == 0 ? 4 : 60;
      for (int i = 0; i < buf.length; i++) {
        // Mostly bytes next to '\n' in value, so the word test's borrows are exercised.
        buf[i] = (byte) (random.nextInt(spacing) == 0 ? '\n' : 9 + random.nextInt(3) * 2 + (random.nextInt(8) == 0 ? 128 : 0));
      }
      int from = random.nextInt(buf.length);
      int to = from + random.nextInt(buf.length - from + 1);
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (buf[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertEquals(expected, LineSplitter.indexOfNewline(buf, from, to), "from " + from + " to " + to);
    }
  }

  @Test
  void journalRecordsOfOddFileNamesReplayExactly() throws Exception {
    Path positionFile = root.resolve("taildir_position.json");
    String odd = root.resolve("a \"quoted\" \\ name\twith é and \u4e2d.log").toString();
    PositionFile.Entry written = new PositionFile.Entry(42, 1234, odd, 7L, new Fingerprint(0, 1024, 99),
        new Fingerprint(1170, 64, 4_000_000_000L));
    PositionJournal journal = new PositionJournal(positionFile);
    journal.append(written);
    journal.add(new PositionFile.Entry(43, 5, "/plain.log", 7L, Fingerprint.NONE, Fingerprint.NONE));
    journal.flush();
    journal.close();
    List<PositionFile.Entry> replayed = new PositionJournal(positionFile).replay(new ArrayList<>());
    assertEquals(List.of(written, new PositionFile.Entry(43, 5, "/plain.log", 7L, Fingerprint.NONE, Fingerprint.NONE)),
        replayed);
  }

  @Test
  void aBusyWriterTurnsSizePollingOnWhichLosesAndRepeatsNothingAndFileEventsComeBack() throws Exception {
    List<String> expected = new ArrayList<>();
    // Scans 60 s apart: within the test, only file events or size polls find new lines.
    try (TaildirFixture t = new TaildirFixture(root, "f-.*\\.log").with("pollInterval", "60000")) {
      for (int i = 0; i < 20; i++) {
        append(t.dir.resolve("f-" + i + ".log"), "f" + i + "-first");
        expected.add("f" + i + "-first");
      }
      t.start();
      t.awaitSettled(expected);
      // One write(2) per line over 20 files, far more events than 20 files polled every 20 ms cost.
      long deadline = System.nanoTime() + 10_000_000_000L;
      for (int n = 0; t.counter("SizePolling") == 0; n++) {
        assertTrue(System.nanoTime() < deadline, "size polling never turned on");
        String line = "f" + (n % 20) + "-busy-" + n;
        append(t.dir.resolve("f-" + (n % 20) + ".log"), line);
        expected.add(line);
      }
      for (int i = 0; i < 20; i++) {
        append(t.dir.resolve("f-" + i + ".log"), "f" + i + "-polled");
        expected.add("f" + i + "-polled");
      }
      await().atMost(Duration.ofSeconds(3)).until(() -> t.bodies().size() >= expected.size());
      t.awaitSettled(expected);
      // Quiet: back to file events, which alone (no scan, no poll) bring the next lines.
      await().atMost(Duration.ofSeconds(5)).until(() -> t.counter("SizePolling") == 0);
      for (int i = 0; i < 20; i++) {
        append(t.dir.resolve("f-" + i + ".log"), "f" + i + "-evented");
        expected.add("f" + i + "-evented");
      }
      await().atMost(Duration.ofSeconds(3)).until(() -> t.bodies().size() >= expected.size());
      t.awaitSettled(expected);
    }
  }

  @Test
  void whilePollingMostScansListNothingYetFilesClosedAsIdleAndNewFilesAreRead() throws Exception {
    List<String> expected = new ArrayList<>();
    // Scans every 100 ms, nine in ten of them light while polling; an idle file closes after 300 ms.
    try (TaildirFixture t = new TaildirFixture(root, "f-.*\\.log").with("pollInterval", "100")
        .with("idleTimeout", "300")) {
      for (int i = 0; i < 20; i++) {
        append(t.dir.resolve("f-" + i + ".log"), "f" + i + "-first");
        expected.add("f" + i + "-first");
      }
      t.start();
      t.awaitSettled(expected);
      // Busy writers on f-1..f-19 turn polling on; f-0, left alone, is closed as idle meanwhile.
      int[] n = {0};
      Runnable busy = () -> {
        for (int k = 0; k < 200; k++, n[0]++) {
          String line = "busy-" + n[0];
          try {
            append(t.dir.resolve("f-" + (1 + n[0] % 19) + ".log"), line);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          expected.add(line);
        }
      };
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        busy.run();
        return t.counter("SizePolling") == 1 && t.counter("OpenFiles") == 19;
      });
      append(t.dir.resolve("f-0.log"), "f0-after-idle");
      expected.add("f0-after-idle");
      append(t.dir.resolve("f-new.log"), "new-file");
      expected.add("new-file");
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        busy.run();
        List<String> got = t.bodies();
        return got.contains("f0-after-idle") && got.contains("new-file");
      });
      assertEquals(1, t.counter("SizePolling"), "still polling: the light scans found them");
      t.awaitSettled(expected);
    }
  }

  @Test
  void quietFilesSharingATransactionEachGetTheirOwnLinesAndPositions() throws Exception {
    List<String> expected = new ArrayList<>();
    try (TaildirFixture t = new TaildirFixture(root, "f-.*\\.log").start()) {
      for (int wave = 0; wave < 3; wave++) {
        for (int i = 0; i < 50; i++) {
          String[] some = lines("f" + i + "w" + wave, 0, 3);
          append(t.dir.resolve("f-" + i + ".log"), some);
          expected.addAll(List.of(some));
        }
        t.awaitSettled(expected);
      }
    }
    String saved = Files.readString(root.resolve("state/taildir_position.json"), StandardCharsets.UTF_8);
    assertNotNull(saved);
    for (int i = 0; i < 50; i++) {
      long size = Files.size(root.resolve("logs/f-" + i + ".log"));
      assertEquals(true, saved.contains("\"pos\":" + size + ",\"file\":\"" + root.resolve("logs/f-" + i + ".log")),
          "position of f-" + i + " saved at its size " + size + ": " + saved);
    }
  }
}
