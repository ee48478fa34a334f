package io.sluice.edge.spooldir;

import static io.sluice.edge.spooldir.SpoolHarness.lines;
import static io.sluice.edge.spooldir.SpoolHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.edge.testlog.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDirectorySourceTest {
  @TempDir
  Path dir;
  private SpoolHarness h;

  @BeforeEach
  void setUp() {
    h = new SpoolHarness(dir);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void linesOfSeveralFilesAreDeliveredOnceInOrderWithHeaders() throws Exception {
    Path a = h.write("a.log", text(lines("a", 7)));
    Path b = h.write("b.log", text(lines("b", 3)));
    Path c = h.write("c.log", text(lines("c", 5)));
    h.start(Map.of("batchSize", "3", "fileHeader", "true", "basenameHeader", "true",
        "basenameHeaderKey", "name"));
    h.runUntilBackoff();

    List<Event> events = h.drain();
    List<String> expected = new ArrayList<>(lines("a", 7));
    expected.addAll(lines("b", 3));
    expected.addAll(lines("c", 5));
    assertEquals(expected, SpoolHarness.bodies(events));
    assertEquals(a.toAbsolutePath().toString(), events.get(0).getHeaders().get("file"));
    assertEquals("a.log", events.get(0).getHeaders().get("name"));
    assertEquals("c.log", events.get(14).getHeaders().get("name"));
    assertEquals(List.of(".flumespool", "a.log.COMPLETED", "b.log.COMPLETED", "c.log.COMPLETED"), names(dir));
    assertFalse(Files.exists(b));
    assertFalse(Files.exists(c));
    assertEquals(15, h.counter("EventReceivedCount"));
    assertEquals(15, h.counter("EventAcceptedCount"));
    assertEquals(3 + 1 + 2, h.counter("AppendBatchAcceptedCount"));
    assertEquals(3, h.counter("FilesCompletedCount"));

    // A second run over the same directory finds nothing left to read.
    h.start(Map.of());
    h.runUntilBackoff();
    assertEquals(List.of(), h.drainBodies());
  }

  @Test
  void youngestFirstWhenAsked() throws Exception {
    h.write("old.log", "old\n");
    h.write("new.log", "new\n");
    h.start(Map.of("consumeOrder", "youngest"));
    h.runUntilBackoff();
    assertEquals(List.of("new", "old"), h.drainBodies());
  }

  @Test
  void trackerDirLeavesFilesInPlaceAndMarksThem() throws Exception {
    h.write("a.log", "a1\na2\n");
    h.write("sub/b.log", "b1\n");
    try (LogCapture log = LogCapture.of(SpoolDirectorySource.class)) {
      h.start(Map.of("trackingPolicy", "tracker_dir", "recursiveDirectorySearch", "true"));
      h.runUntilBackoff();
      assertEquals(List.of("a1", "a2", "b1"), h.drainBodies());
      assertTrue(Files.exists(dir.resolve("a.log")), "input left in place");
      assertTrue(Files.exists(dir.resolve(".flumespool/a.log.COMPLETED")));
      assertTrue(Files.exists(dir.resolve(".flumespool/sub/b.log.COMPLETED")));

      h.start(Map.of("trackingPolicy", "tracker_dir", "recursiveDirectorySearch", "true"));
      h.runUntilBackoff();
      assertEquals(List.of(), h.drainBodies(), "marked files are not read again");
      assertEquals(List.of(), log.errors());

      // A new file under a completed name is newer than its marker: read, with one error about the name.
      Files.setLastModifiedTime(dir.resolve(".flumespool/a.log.COMPLETED"),
          Files.getLastModifiedTime(dir.resolve("a.log")));
      h.write("a.log", "again\n");
      h.runUntilBackoff();
      assertEquals(List.of("again"), h.drainBodies());
      assertEquals(1, log.errors().size(), log.errors().toString());
      assertTrue(log.errors().get(0).contains("a.log"), log.errors().get(0));
      h.runUntilBackoff();
      assertEquals(List.of(), h.drainBodies());
    }
  }

  @Test
  void trackerDirNeverRereadsAFileStampedInTheFuture() throws Exception {
    Path a = h.write("a.log", "a1\n");
    Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 3_600_000));
    h.start(Map.of("trackingPolicy", "tracker_dir"));
    h.runUntilBackoff();
    h.start(Map.of("trackingPolicy", "tracker_dir"));
    h.runUntilBackoff();
    assertEquals(List.of("a1"), h.drainBodies());
  }

  @Test
  void deletePolicyImmediateDeletesCompletedFiles() throws Exception {
    h.write("a.log", "a1\n");
    h.write("b.log", "");
    h.start(Map.of("deletePolicy", "immediate"));
    h.runUntilBackoff();
    assertEquals(List.of("a1"), h.drainBodies());
    assertEquals(List.of(".flumespool"), names(dir));
    assertEquals(2, h.counter("FilesCompletedCount"));
  }

  @Test
  void completedNameReusedIsReadAndKeptUnderAFreeName() throws Exception {
    h.write("a.log", "first\n");
    try (LogCapture log = LogCapture.of(SpoolDirectorySource.class)) {
      h.start(Map.of());
      h.runUntilBackoff();
      h.write("a.log", "second\n");
      h.runUntilBackoff();
      assertEquals(List.of("first", "second"), h.drainBodies());
      assertEquals(List.of(".flumespool", "a.log.1.COMPLETED", "a.log.COMPLETED"), names(dir));
      assertEquals(1, log.errors().size(), log.errors().toString());
      assertTrue(log.errors().get(0).contains("re-used the name"), log.errors().get(0));
    }
  }

  @Test
  void recursiveSearchReadsTheTreeButNotHiddenOrIgnoredDirectories() throws Exception {
    h.write("top.log", "top\n");
    h.write("x/one.log", "one\n");
    h.write("x/y/two.log", "two\n");
    h.write(".hidden/no.log", "hidden\n");
    h.write("skipme/no.log", "ignored dir\n");
    h.write("x/.dot.log", "hidden file\n");
    h.start(Map.of("ignorePattern", "^skipme$"));
    h.runUntilBackoff();
    assertEquals(List.of("top"), h.drainBodies(), "not recursive by default");

    h.start(Map.of("recursiveDirectorySearch", "true", "ignorePattern", "^skipme$"));
    h.runUntilBackoff();
    assertEquals(List.of("one", "two"), h.drainBodies());
    assertTrue(Files.exists(dir.resolve("x/y/two.log.COMPLETED")));
    assertTrue(Files.exists(dir.resolve("skipme/no.log")));
    assertTrue(Files.exists(dir.resolve(".hidden/no.log")));
  }

  @Test
  void includeAndIgnorePatternsPickTheFiles() throws Exception {
    h.write("app.log", "app\n");
    h.write("app.log.gz", "compressed\n");
    h.write("notes.txt", "notes\n");
    h.write("debug.log", "debug\n");
    h.start(Map.of("includePattern", "^.*\\.log(\\.gz)?$", "ignorePattern", "^(debug.*|.*\\.gz)$"));
    h.runUntilBackoff();
    assertEquals(List.of("app"), h.drainBodies());
    assertEquals(List.of(".flumespool", "app.log.COMPLETED", "app.log.gz", "debug.log", "notes.txt"), names(dir));
  }

  @Test
  void crashInTheMiddleOfAFileResumesAtTheLastCommittedBatch() throws Exception {
    h.write("a.log", text(lines("a", 10)));
    h.write("b.log", text(lines("b", 2)));
    h.processor.failAfter(2);
    h.start(Map.of("batchSize", "3"));
    assertEquals(Status.READY, h.source.process());
    assertEquals(Status.READY, h.source.process());
    assertEquals(Status.BACKOFF, h.source.process(), "third batch refused");
    List<String> delivered = new ArrayList<>(h.drainBodies());
    assertEquals(lines("a", 6), delivered);
    // The agent dies here: the refused batch a7..a9 was never committed. No clean shutdown either.
    h.source = null;

    h.processor.heal();
    h.start(Map.of("batchSize", "3"));
    h.runUntilBackoff();
    delivered.addAll(h.drainBodies());
    List<String> expected = new ArrayList<>(lines("a", 10));
    expected.addAll(lines("b", 2));
    assertEquals(expected, delivered, "no loss and no duplicate");
    assertTrue(Files.exists(dir.resolve("a.log.COMPLETED")));
    assertFalse(Files.exists(dir.resolve(".flumespool/" + ProgressTracker.FILE_NAME)), "progress cleared");
  }

  @Test
  void crashAfterTheLastBatchButBeforeTheRenameRepeatsNothing() throws Exception {
    h.write("a.log", text(lines("a", 4)));
    h.start(Map.of("batchSize", "2"));
    h.source.process();
    h.source.process();
    assertEquals(lines("a", 4), h.drainBodies());
    assertTrue(Files.exists(dir.resolve("a.log")), "not yet renamed");
    h.source = null;

    h.start(Map.of("batchSize", "2"));
    h.runUntilBackoff();
    assertEquals(List.of(), h.drainBodies());
    assertTrue(Files.exists(dir.resolve("a.log.COMPLETED")));
  }

  @Test
  void fileModifiedAfterPickupIsSetAsideWithOneErrorAndOtherFilesGoOn() throws Exception {
    Path a = h.write("a.log", text(lines("a", 6)));
    h.write("b.log", text(lines("b", 3)));
    try (LogCapture log = LogCapture.of(SpoolDirectorySource.class)) {
      h.start(Map.of("batchSize", "2"));
      assertEquals(Status.READY, h.source.process());
      Files.writeString(a, "appended\n", java.nio.file.StandardOpenOption.APPEND);
      h.runUntilBackoff();

      assertEquals(List.of("a1", "a2", "b1", "b2", "b3"), h.drainBodies());
      assertEquals(1, log.errors().size(), log.errors().toString());
      String error = log.errors().get(0);
      assertTrue(error.contains(a.toString()) && error.contains("changed size"), error);
      assertTrue(Files.exists(dir.resolve("a.log.FAILED")));
      assertTrue(Files.exists(dir.resolve("b.log.COMPLETED")));
      assertEquals(1, h.counter("FilesFailedCount"));
      assertEquals(1, h.counter("FilesCompletedCount"));
    }
  }

  @Test
  void fileThatVanishesAfterPickupIsReportedOnce() throws Exception {
    Path a = h.write("a.log", text(lines("a", 4)));
    h.write("b.log", "b1\n");
    try (LogCapture log = LogCapture.of(SpoolDirectorySource.class)) {
      h.start(Map.of("batchSize", "2"));
      h.source.process();
      Files.delete(a);
      h.runUntilBackoff();
      assertEquals(List.of("a1", "a2", "b1"), h.drainBodies());
      assertEquals(1, log.errors().size(), log.errors().toString());
      assertTrue(log.errors().get(0).contains("vanished"), log.errors().get(0));
    }
  }

  @Test
  void undecodableFileFailsWithTheDefaultPolicyAndOtherFilesGoOn() throws Exception {
    byte[] bad = {'o', 'k', '\n', 'b', (byte) 0xC3, (byte) 0x28, 'd', '\n', 'l', 'a', 's', 't', '\n'};
    Path a = h.write("a.log", bad);
    h.write("b.log", "b1\n");
    try (LogCapture log = LogCapture.of(SpoolDirectorySource.class)) {
      h.start(Map.of());
      h.runUntilBackoff();
      assertEquals(List.of("ok", "b1"), h.drainBodies(), "the lines before the bad bytes are delivered");
      assertEquals(1, log.errors().size(), log.errors().toString());
      String error = log.errors().get(0);
      assertTrue(error.contains(a.toString()) && error.contains("offset 4") && error.contains("UTF-8"), error);
      assertTrue(Files.exists(dir.resolve("a.log.FAILED")));
      assertEquals(1, h.counter("EventReadFail"));
    }
  }

  @Test
  void undecodableBytesAreReplacedOrDroppedWhenAsked() throws Exception {
    byte[] bad = {'b', (byte) 0xC3, (byte) 0x28, 'd', '\n'};
    h.write("a.log", bad);
    h.start(Map.of("decodeErrorPolicy", "REPLACE"));
    h.runUntilBackoff();
    assertEquals(List.of("b\uFFFD(d"), h.drainBodies());

    h.write("b.log", bad);
    h.start(Map.of("decodeErrorPolicy", "IGNORE"));
    h.runUntilBackoff();
    assertEquals(List.of("b(d"), h.drainBodies());
  }

  @Test
  void inputCharsetIsDecodedAndReEncodedInTheOutputCharset() throws Exception {
    h.write("a.log", "caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    h.start(Map.of("inputCharset", "ISO-8859-1"));
    h.runUntilBackoff();
    assertEquals(List.of("caf\u00e9"), h.drainBodies());
  }

  @Test
  void refusedBatchIsRetriedWithBackoffAndNothingIsLost() throws Exception {
    SpoolHarness small = new SpoolHarness(dir, 4);
    try (small) {
      small.write("a.log", text(lines("a", 10)));
      small.start(Map.of("batchSize", "3", "maxBackoff", "1000"));
      List<String> got = new ArrayList<>();
      assertEquals(Status.READY, small.source.process());
      assertEquals(Status.BACKOFF, small.source.process(), "3 + 3 > capacity 4");
      assertEquals(1, small.counter("ChannelWriteFail"));
      assertEquals(Status.BACKOFF, small.source.process(), "not offered again before the backoff");
      assertEquals(1, small.counter("ChannelWriteFail"));
      small.clock.advanceMillis(250);
      assertEquals(Status.BACKOFF, small.source.process(), "still full");
      assertEquals(2, small.counter("ChannelWriteFail"));
      small.clock.advanceMillis(250);
      assertEquals(Status.BACKOFF, small.source.process(), "second wait is 500 ms");
      got.addAll(small.drainBodies());
      small.clock.advanceMillis(250);
      for (int i = 0; i < 20 && !small.source.process().equals(Status.BACKOFF); i++) {
        got.addAll(small.drainBodies());
      }
      got.addAll(small.drainBodies());
      small.runUntilBackoff();
      got.addAll(small.drainBodies());
      assertEquals(lines("a", 10), got);
      assertEquals(10, small.counter("EventAcceptedCount"));
      assertEquals(10, small.counter("EventReceivedCount"), "a retried batch is read once");
    }
  }

  @Test
  void longLinesAreCutAndTheRestOfTheLineDropped() throws Exception {
    h.write("a.log", "abcdefghij\r\nxy\r\n\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\nlast-no-newline");
    try (LogCapture log = LogCapture.of(SpoolDirectorySource.class)) {
      h.start(Map.of("deserializer.maxLineLength", "5"));
      h.runUntilBackoff();
      assertEquals(List.of("abcde", "xy", "\u00e9\u00e9\u00e9\u00e9\u00e9", "last-"), h.drainBodies());
      assertEquals(3, h.counter("LinesTruncatedCount"));
      assertEquals(1, log.warnings().size(), "one warning per file; the rest are counted");
    }
  }

  @Test
  void crLfEmptyLinesAndEmptyFiles() throws Exception {
    h.write("a.log", "one\r\n\r\n\nfour\r\n");
    h.write("b.log", "");
    h.start(Map.of());
    h.runUntilBackoff();
    assertEquals(List.of("one", "", "", "four"), h.drainBodies(), "an empty file yields no event");
    assertTrue(Files.exists(dir.resolve("b.log.COMPLETED")));
  }

  @Test
  void blobMakesOneEventPerFileCutAtMaxBlobLength() throws Exception {
    h.write("a.bin", "abcdefghij");
    h.write("b.bin", "xyz");
    h.write("c.bin", "");
    h.start(Map.of("deserializer", "org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder",
        "deserializer.maxBlobLength", "4"));
    h.runUntilBackoff();
    assertEquals(List.of("abcd", "efgh", "ij", "xyz"), h.drainBodies());

    h.write("d.bin", "line1\nline2\n");
    h.start(Map.of("deserializer", "BLOB"));
    h.runUntilBackoff();
    assertEquals(List.of("line1\nline2\n"), h.drainBodies());
    assertEquals(4, h.counter("FilesCompletedCount"));
  }

  @Test
  void startRefusesAMissingOrPlainFileSpoolDirNamingIt() throws Exception {
    Path missing = dir.resolve("nope");
    SpoolHarness other = new SpoolHarness(missing);
    IOException e = assertThrows(IOException.class, () -> other.start(Map.of()));
    assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
        e.getMessage());

    Path file = h.write("plain", "x");
    SpoolHarness onFile = new SpoolHarness(file);
    e = assertThrows(IOException.class, () -> onFile.start(Map.of()));
    assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
  }

  @Test
  void absoluteTrackerDirOutsideTheSpoolDir(@TempDir Path tracker) throws Exception {
    h.write("a.log", "a1\n");
    h.start(Map.of("trackingPolicy", "tracker_dir", "trackerDir", tracker.toString()));
    h.runUntilBackoff();
    assertEquals(List.of("a1"), h.drainBodies());
    assertEquals(List.of("a.log"), names(dir));
    assertTrue(Files.exists(tracker.resolve("a.log.COMPLETED")));
  }
  @Test
  void aCompletedFileThatCannotBeRenamedIsNotDeliveredAgainAfterARestart() throws Exception {
    // 250 characters: the name plus ".COMPLETED" exceeds the file system's 255, so the rename fails.
    String longName = "a".repeat(246) + ".log";
    Path stuck = h.write(longName, text(lines("a", 3)));
    h.write("b.log", text(lines("b", 2)));
    try (LogCapture log = LogCapture.of(SpoolDirectorySource.class)) {
      h.start(Map.of());
      h.runUntilBackoff();
      assertEquals(List.of("a1", "a2", "a3", "b1", "b2"), h.drainBodies());
      assertEquals(1, log.errors().size(), log.errors().toString());
      assertTrue(log.errors().get(0).contains(stuck.toString()), log.errors().get(0));
      assertTrue(Files.exists(dir.resolve("b.log.COMPLETED")));

      h.start(Map.of());
      h.runUntilBackoff();
      assertEquals(List.of(), h.drainBodies(), "a restart delivers nothing again");
      assertEquals(1, log.errors().size(), log.errors().toString());
    }
    // A new file under the same name is a new file, and is read.
    Files.delete(stuck);
    h.write(longName, "new\n");
    h.start(Map.of());
    h.runUntilBackoff();
    assertEquals(List.of("new"), h.drainBodies());
  }
}
