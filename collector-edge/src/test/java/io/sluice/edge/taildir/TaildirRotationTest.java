package io.sluice.edge.taildir;

import static io.sluice.edge.taildir.TaildirFixture.append;
import static io.sluice.edge.taildir.TaildirFixture.lines;
import static io.sluice.edge.taildir.TaildirSourceTest.all;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rotations that race the source or happen while it is stopped, each with an exact ledger: every
 * line written arrives once.
 */
class TaildirRotationTest {
  @TempDir
  Path root;

  /** Truncates a file in place, as copytruncate does after its copy, and writes new lines. */
  private static void truncateAndWrite(Path f, String... lines) throws IOException {
    Files.write(f, new byte[0]);
    append(f, lines);
  }

  @Test
  void aCopySeenWhileCpStillWroteItIsReadFromTheOriginalsPosition() throws Exception {
    // Scans come only every 2 s: the copy's size stays the one seen while it was being written.
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log(\\.\\d+)?").with("pollInterval", "2000").start()) {
      Path f = t.dir.resolve("app.log");
      t.deliverThenHoldBack(f, "g0", 1000, 100);
      byte[] original = Files.readAllBytes(f);
      // cp has written 2 KiB (more than the 1 KiB head that tells a copy) when the source sees it.
      Path partial = root.resolve("partial");
      Files.write(partial, Arrays.copyOf(original, 2048));
      Path copy = t.dir.resolve("app.log.1");
      Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
      await().atMost(Duration.ofSeconds(10)).until(() -> t.counter("TrackedFiles") == 2);
      Files.write(copy, Arrays.copyOfRange(original, 2048, original.length), StandardOpenOption.APPEND);
      truncateAndWrite(f, lines("g1", 0, 100));
      t.openGate();
      t.awaitSettled(all(lines("g0", 0, 1100), lines("g1", 0, 100)));
      assertEquals(1, t.counter("CopiesFollowedCount"));
      assertEquals(0, t.counter("BytesLostToTruncationCount"));
    }
  }

  /**
   * cp creates its copy empty and fills it: seen empty, the copy cannot be told from a new file by
   * its first bytes. The original is under 1 KiB (its head is all of it) or over it; with a large
   * file beside it, a short finished copy is told only once it stopped growing.
   */
  @ParameterizedTest
  @CsvSource({"100, false", "1000, false", "100, true"})
  void aCopySeenEmptyWhileCpCreatedItIsReadFromTheOriginalsPosition(int delivered, boolean largeNeighbour)
      throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "(app|big)\\.log(\\.\\d+)?").start()) {
      int tracked = 1;
      if (largeNeighbour) {
        append(t.dir.resolve("big.log"), lines("big", 0, 300));
        t.awaitCount(300);
        tracked++;
      }
      Path f = t.dir.resolve("app.log");
      t.deliverThenHoldBack(f, "g0", delivered, 20);
      Path copy = t.dir.resolve("app.log.1");
      Files.createFile(copy);
      int seen = tracked + 1;
      await().atMost(Duration.ofSeconds(10)).until(() -> t.counter("TrackedFiles") == seen);
      Files.write(copy, Files.readAllBytes(f), StandardOpenOption.APPEND);
      truncateAndWrite(f, lines("g1", 0, 100));
      t.openGate();
      t.awaitSettled(all(lines("g0", 0, delivered + 20), lines("g1", 0, 100),
          largeNeighbour ? lines("big", 0, 300) : new String[0]));
      assertEquals(1, t.counter("CopiesFollowedCount"));
      assertEquals(0, t.counter("BytesLostToTruncationCount"));
    }
  }

  /** A new file shorter than the followed heads is still read, within moments, when it is no copy. */
  @Test
  void aNewTenByteFileBesideFollowedFilesIsRead() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log(\\.\\d+)?").start()) {
      append(t.dir.resolve("app.log"), lines("g0", 0, 1000));
      t.awaitCount(1000);
      long start = System.nanoTime();
      append(t.dir.resolve("app.log.7"), "new-line1");
      Path empty = Files.createFile(t.dir.resolve("app.log.8"));
      await().atMost(Duration.ofSeconds(10)).until(() -> t.counter("TrackedFiles") == 3);
      append(empty, "new-line2");
      t.awaitSettled(all(lines("g0", 0, 1000), new String[] {"new-line1", "new-line2"}));
      assertTrue(System.nanoTime() - start < 5_000_000_000L, "a short new file waited more than its bound");
      assertEquals(0, t.counter("CopiesFollowedCount"));
    }
  }

  @Test
  void aCopyRotatedOnAndDeletedBeforeItsTurnIsStillReadToItsEnd() throws Exception {
    // Scans, which give a newly found copy its turn, come only every 2 s; logrotate is faster.
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").with("pollInterval", "2000").start()) {
      Path f = t.dir.resolve("app.log");
      t.deliverThenHoldBack(f, "g0", 1000, 100);
      Files.copy(f, t.dir.resolve("app.log.1"));
      truncateAndWrite(f, lines("g1", 0, 100));
      await().atMost(Duration.ofSeconds(5)).until(() -> t.counter("CopiesFollowedCount") == 1);
      Files.move(t.dir.resolve("app.log.1"), t.dir.resolve("app.log.2"));
      Files.delete(t.dir.resolve("app.log.2"));
      t.openGate();
      t.awaitSettled(all(lines("g0", 0, 1100), lines("g1", 0, 100)));
      assertEquals(0, t.counter("BytesLostToTruncationCount"));
      assertEquals(0, t.counter("BytesAbandonedCount"));
    }
  }

  /** The copy is, or is not, a name the pattern matches. */
  @ParameterizedTest
  @ValueSource(strings = {"app\\.log", "app\\.log(\\.\\d+)?"})
  void aCopytruncateWhileStoppedIsFinishedFromTheCopyOnce(String pattern) throws Exception {
    TaildirFixture t = new TaildirFixture(root, pattern);
    Path f = t.dir.resolve("app.log");
    t.readThenStop(f, "g0", 200);
    append(f, lines("g0", 200, 300));
    Files.copy(f, t.dir.resolve("app.log.1"));
    truncateAndWrite(f, lines("g1", 0, 50));
    try (t) {
      t.start();
      t.awaitSettled(all(lines("g0", 0, 300), lines("g1", 0, 50)));
      assertEquals(1, t.counter("CopiesFollowedCount"));
    }
  }

  /**
   * A fixture stopped after reading lines g0-0..199 of app.log, which then got lines up to g0-299
   * and was copied to app.log.1 (a name the pattern matches).
   */
  private TaildirFixture copiedWhileStopped() throws Exception {
    TaildirFixture t = new TaildirFixture(root, "app\\.log(\\.\\d+)?");
    Path f = t.dir.resolve("app.log");
    t.readThenStop(f, "g0", 200);
    append(f, lines("g0", 200, 300));
    Files.copy(f, t.dir.resolve("app.log.1"));
    return t;
  }

  /**
   * logrotate copied the file while the agent was stopped and truncates it after the restart: before
   * the agent read on ("unread", the channel refusing), once it caught up with the copy ("caughtUp"),
   * or once it read past the copy's end ("readPast", the writer appended between copy and truncate).
   */
  @ParameterizedTest
  @ValueSource(strings = {"unread", "caughtUp", "readPast"})
  void aCopyMadeWhileStoppedIsHeldAndTheTruncationAfterTheRestartReadsOnlyWhatItAdds(String when)
      throws Exception {
    TaildirFixture t = copiedWhileStopped();
    Path f = t.dir.resolve("app.log");
    try (t) {
      if (when.equals("unread")) {
        t.closeGate();
      }
      t.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> t.counter("TrackedFiles") == 2);
      int upTo = 300;
      if (when.equals("unread")) {
        await().atMost(Duration.ofSeconds(5)).until(() -> t.counter("ChannelWriteFail") > 0);
      } else {
        if (when.equals("readPast")) {
          append(f, lines("g0", 300, 350));
          upTo = 350;
        }
        t.awaitCount(upTo);
      }
      truncateAndWrite(f, lines("g1", 0, 50));
      t.openGate();
      t.awaitSettled(all(lines("g0", 0, upTo), lines("g1", 0, 50)));
      assertEquals(when.equals("readPast") ? 0 : 1, t.counter("CopiesFollowedCount"));
      assertEquals(0, t.counter("BytesLostToTruncationCount"));
      // Settled, no longer held: a held copy has no saved position (and would be read after its wait).
      await().atMost(Duration.ofSeconds(5))
          .until(() -> Files.readString(t.positionFile).contains(t.dir.resolve("app.log.1").toString()));
    }
  }

  /** The copy exists at start and its original, intact, is never truncated: the copy is not read. */
  @Test
  void aCopyMadeWhileStoppedOfAnUntouchedFileIsNotReadAgain() throws Exception {
    TaildirFixture t = copiedWhileStopped();
    Path f = t.dir.resolve("app.log");
    try (t) {
      t.start();
      append(f, lines("g0", 300, 320));
      t.awaitSettled(all(lines("g0", 0, 320)));
      assertEquals(2, t.counter("TrackedFiles"));
      assertEquals(0, t.counter("CopiesFollowedCount"));
      // Still held for its original's truncation: no position of its own.
      assertTrue(!Files.readString(t.positionFile).contains(t.dir.resolve("app.log.1").toString()));
    }
  }

  /**
   * Copied and truncated while stopped; the truncated file regrew (500 lines) past the saved
   * position or not (50 lines).
   */
  @ParameterizedTest
  @ValueSource(ints = {50, 500})
  void aCopyMadeAndItsOriginalTruncatedWhileStoppedIsReadFromTheSavedPosition(int regrown) throws Exception {
    TaildirFixture t = copiedWhileStopped();
    Path f = t.dir.resolve("app.log");
    truncateAndWrite(f, lines("g1", 0, regrown));
    try (t) {
      t.start();
      t.awaitSettled(all(lines("g0", 0, 300), lines("g1", 0, regrown)));
      assertEquals(1, t.counter("CopiesFollowedCount"));
    }
  }

  /**
   * A new file that starts with the same 1 KiB as a followed file but then holds other lines is
   * read from its start: a copy is the original's bytes throughout, this one is not.
   */
  @Test
  void aNewFileStartingWithAFollowedFilesBytesIsReadInFull() throws Exception {
    TaildirFixture t = new TaildirFixture(root, "app\\.log(\\.\\d+)?");
    Path f = t.dir.resolve("app.log");
    t.readThenStop(f, "g0", 300);
    Path other = t.dir.resolve("app.log.1");
    append(other, lines("g0", 0, 250));
    append(other, lines("new", 0, 20));
    try (t) {
      t.start();
      List<String> expected = new java.util.ArrayList<>(all(lines("g0", 0, 300), lines("g0", 0, 250),
          lines("new", 0, 20)));
      t.awaitCount(expected.size());
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3))
          .until(() -> t.bodies().size() == expected.size());
      List<String> actual = new java.util.ArrayList<>(t.bodies());
      java.util.Collections.sort(expected);
      java.util.Collections.sort(actual);
      assertEquals(expected, actual);
    }
  }

  @Test
  void filesRotatedWhileStoppedKeepTheirOwnGroupsHeaders() throws Exception {
    TaildirFixture t = new TaildirFixture(root, "app\\.log").with("filegroups", "f1 f2")
        .with("headers.f1.kind", "app").with("headers.f2.kind", "audit");
    t.with("filegroups.f2", t.dir + "/audit\\.log");
    append(t.dir.resolve("app.log"), lines("app", 0, 10));
    append(t.dir.resolve("audit.log"), lines("audit", 0, 10));
    t.start();
    t.awaitCount(20);
    t.stop();
    for (String name : List.of("app", "audit")) {
      Path f = t.dir.resolve(name + ".log");
      append(f, lines(name, 10, 20));
      Files.move(f, t.dir.resolve(name + ".log.1"));
    }
    try (t) {
      t.start();
      t.awaitSettled(all(lines("app", 0, 20), lines("audit", 0, 20)));
      for (Event e : t.events()) {
        String body = new String(e.getBody(), StandardCharsets.UTF_8);
        assertEquals(body.substring(0, body.indexOf('-')), e.getHeaders().get("kind"), body);
      }
    }
  }

  /** The truncated file shrank (10 lines) or regrew past its old size (300 lines) before the next look. */
  @ParameterizedTest
  @ValueSource(ints = {10, 300})
  void aNewFileCopytruncatedBeforeAnyOfItWasCommittedIsReadFromItsCopy(int after) throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").start()) {
      Path f = t.dir.resolve("app.log");
      append(f, lines("g0", 0, 100));
      t.awaitCount(100);
      t.closeGate();
      // Rotated by rename; the new file is written and copytruncated before the channel took any of it.
      Files.move(f, t.dir.resolve("app.log.1"));
      long refused = t.counter("ChannelWriteFail");
      append(f, lines("g1", 0, 100));
      await().atMost(Duration.ofSeconds(5)).until(() -> t.counter("ChannelWriteFail") > refused);
      Files.copy(f, t.dir.resolve("app.log.2"));
      truncateAndWrite(f, lines("g2", 0, after));
      t.openGate();
      t.awaitSettled(all(lines("g0", 0, 100), lines("g1", 0, 100), lines("g2", 0, after)));
      assertEquals(1, t.counter("CopiesFollowedCount"));
      assertEquals(0, t.counter("BytesLostToTruncationCount"));
    }
  }

  @Test
  void anAtomicReplaceFinishesTheReplacedFileAndReadsTheNewOneFromTheStart() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").start()) {
      Path f = t.dir.resolve("app.log");
      t.deliverThenHoldBack(f, "g0", 100, 100);
      Path next = t.dir.resolve("app.log.tmp");
      append(next, lines("g1", 0, 100));
      Files.move(next, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      append(f, lines("g1", 100, 150));
      t.openGate();
      t.awaitSettled(all(lines("g0", 0, 200), lines("g1", 0, 150)));
      assertEquals(0, t.counter("BytesAbandonedCount"));
    }
  }
}
