package io.sluice.edge.taildir;

import static io.sluice.edge.taildir.TaildirFixture.append;
import static io.sluice.edge.taildir.TaildirFixture.lines;
import static io.sluice.edge.taildir.TaildirSourceTest.all;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A writer that flushes in the middle of a line (a BufferedWriter does at every 8 KiB) while the
 * source cuts a batch, is killed, or sees the file renamed: the half line is never an event, and the
 * whole line arrives once its newline does. The writer keeps its descriptor across a rename, as an
 * application does until it reopens its log.
 */
class TaildirHalfWrittenLineTest {
  /** Ten whole lines, then the first half of "x-10". */
  private static final String WHOLE = text(lines("x", 0, 10));
  private static final String FIRST_HALF = "x-1";
  private static final String REST = "0\n" + text(lines("x", 11, 13));

  @TempDir
  Path root;

  @Test
  void aKillWhileALineIsHalfWrittenResumesAtItsStartAndTheLineArrivesWhole() throws Exception {
    TaildirFixture t = halfWrittenSource();
    try (FileChannel app = appender(t.dir.resolve("app.log"))) {
      Path crash = readHalfThenCrash(t, app);
      try (TaildirFixture after = t.restartedFrom(crash, root.resolve("after"))) {
        after.start();
        // The new source holds the half line (all it read), then its writer finishes it.
        await().atMost(Duration.ofSeconds(5)).until(() -> after.counter("BytesReadCount") == FIRST_HALF.length());
        write(app, REST);
        after.awaitSettled(Arrays.asList(lines("x", 10, 13)));
        assertEquals(0, after.counter("PartialLinesEmittedCount"));
      }
    }
  }

  @Test
  void aKillWhileALineIsHalfWrittenThenARenameWhileStoppedStillJoinsItsHalves() throws Exception {
    TaildirFixture t = halfWrittenSource();
    Path log = t.dir.resolve("app.log");
    try (FileChannel app = appender(log)) {
      Path crash = readHalfThenCrash(t, app);
      Files.move(log, t.dir.resolve("app.log.1"));
      write(app, REST);
      append(log, lines("y", 0, 5));
      try (TaildirFixture after = t.restartedFrom(crash, root.resolve("after"))) {
        after.start();
        after.awaitSettled(all(lines("x", 10, 13), lines("y", 0, 5)));
        assertEquals(0, after.counter("PartialLinesEmittedCount"));
      }
    }
  }

  /**
   * Renamed within the pattern (the file keeps its position) or out of it (the file is retired and
   * read to its end): a writer that finishes its line a moment later (here 300 ms, six polls) still
   * gets one line, not two halves.
   */
  @ParameterizedTest
  @ValueSource(strings = {"app\\.log.*", "app\\.log"})
  void aRenameWhileALineIsHalfWrittenWaitsForItsWriter(String pattern) throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, pattern).with("batchSize", "3").start()) {
      Path log = t.dir.resolve("app.log");
      try (FileChannel app = appender(log)) {
        readHalf(t, app);
        Files.move(log, t.dir.resolve("app.log.1"));
        append(log, lines("y", 0, 5));
        // The scan that found the new file also saw the rename.
        t.awaitCount(15);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
            .until(() -> t.counter("PartialLinesEmittedCount") == 0 && t.bodies().size() == 15);
        write(app, REST);
        t.awaitSettled(all(lines("x", 0, 13), lines("y", 0, 5)));
        assertEquals(0, t.counter("PartialLinesEmittedCount"));
        assertEquals("app.log.1".matches(pattern) ? 1 : 0, t.counter("FilesRenamedCount"));
      }
    }
  }

  /** Batches of 3 lines, so the 10 whole lines end in a batch cut short by the half line. */
  private TaildirFixture halfWrittenSource() throws IOException {
    // Only the journal records positions, as after a SIGKILL between two saves.
    return new TaildirFixture(root, "app\\.log.*").with("batchSize", "3").with("writePosInterval", "3600000");
  }

  /** Writes the whole lines and the half line; returns once the source delivered the first and holds the second. */
  private static void readHalf(TaildirFixture t, FileChannel app) throws IOException {
    write(app, WHOLE + FIRST_HALF);
    t.awaitSettled(Arrays.asList(lines("x", 0, 10)));
    await().atMost(Duration.ofSeconds(5))
        .until(() -> t.counter("BytesReadCount") == WHOLE.length() + FIRST_HALF.length());
  }

  /** Starts the source, lets it hold the half line, then takes what a SIGKILL would leave and stops it. */
  private Path readHalfThenCrash(TaildirFixture t, FileChannel app) throws Exception {
    t.start();
    readHalf(t, app);
    t.awaitJournaled(WHOLE.length());
    Path crash = t.crashState(root.resolve("crash"));
    t.stop();
    assertEquals(Arrays.asList(lines("x", 0, 10)), t.bodies(), "the half line never left the first source");
    assertTrue(Files.exists(crash.resolve(t.positionFile.getFileName() + ".journal")));
    return crash;
  }

  private static FileChannel appender(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private static void write(FileChannel app, String text) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      app.write(buf);
    }
  }

  private static String text(String[] lines) {
    return String.join("\n", lines) + "\n";
  }
}
