package io.sluice.edge.taildir;

import static io.sluice.edge.taildir.TaildirFixture.append;
import static io.sluice.edge.taildir.TaildirFixture.appendRaw;
import static io.sluice.edge.taildir.TaildirFixture.assertExactlyOnce;
import static io.sluice.edge.taildir.TaildirFixture.lines;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaildirSourceTest {
  @TempDir
  Path root;

  static List<String> all(String[]... parts) {
    List<String> out = new ArrayList<>();
    for (String[] p : parts) {
      out.addAll(Arrays.asList(p));
    }
    return out;
  }

  @Test
  void linesOfSeveralFilesArriveOnceInOrderWithFlumesHeaders() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, ".*\\.log")
        .with("fileHeader", "true").with("byteOffsetHeader", "true").with("headers.f1.team", "web")) {
      Path a = t.dir.resolve("a.log");
      Path b = t.dir.resolve("b.log");
      append(a, lines("a", 0, 500));
      append(b, lines("b", 0, 300));
      Files.writeString(t.dir.resolve("ignored.txt"), "not matched\n");
      t.start();
      append(a, lines("a", 500, 1000));
      List<String> got = t.awaitCount(1300);
      assertExactlyOnce(all(lines("a", 0, 1000), lines("b", 0, 300)), got);
      List<String> fromA = got.stream().filter(s -> s.startsWith("a-")).toList();
      assertEquals(Arrays.asList(lines("a", 0, 1000)), fromA, "lines of one file keep their order");
      Event first = t.events().stream().filter(e -> new String(e.getBody(), StandardCharsets.UTF_8).equals("a-1"))
          .findFirst().orElseThrow();
      assertEquals(a.toString(), first.getHeaders().get("file"));
      assertEquals("web", first.getHeaders().get("team"));
      assertEquals("4", first.getHeaders().get("byteoffset"), "a-1 starts after 'a-0\\n'");
    }
  }

  @Test
  void anUnterminatedLineWaitsForItsNewlineAndCrlfIsStripped() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").start()) {
      Path f = t.dir.resolve("app.log");
      appendRaw(f, "one\r\ntw");
      t.awaitCount(1);
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> t.bodies().size() == 1);
      appendRaw(f, "o\n");
      assertEquals(List.of("one", "two"), t.awaitCount(2));
    }
  }

  @Test
  void aRestartResumesAtTheSavedPositionWithoutDuplicates() throws Exception {
    TaildirFixture t = new TaildirFixture(root, "app\\.log");
    Path f = t.dir.resolve("app.log");
    append(f, lines("x", 0, 1000));
    t.start();
    t.awaitCount(1000);
    t.stop();
    append(f, lines("x", 1000, 1500));
    t.start();
    List<String> got = t.awaitCount(1500);
    t.stop();
    assertExactlyOnce(Arrays.asList(lines("x", 0, 1500)), got);
  }

  @Test
  void theSavedPositionFileIsFlumesFormatWithOnlyItsKeys() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").start()) {
      Path f = t.dir.resolve("app.log");
      append(f, "hello", "world");
      t.awaitCount(2);
      long ino = ((Number) Files.getAttribute(f, "unix:ino")).longValue();
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(t.positionFile)
          && Files.readString(t.positionFile).contains("\"pos\":12"));
      JsonNode root = new ObjectMapper().readTree(Files.readString(t.positionFile));
      assertEquals(1, root.size());
      JsonNode e = root.get(0);
      assertEquals(Set.of("inode", "pos", "file"), fieldNames(e), "Flume 1.11 refuses any other key");
      assertEquals(ino, e.get("inode").asLong());
      assertEquals(12, e.get("pos").asLong());
      assertEquals(f.toString(), e.get("file").asText());
      assertTrue(Files.exists(t.positionFile.resolveSibling("taildir_position.json.sluice")), "sidecar written");
    }
  }

  private static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new TreeSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void aPositionFileWrittenByFlumeIsResumedFrom() throws Exception {
    TaildirFixture t = new TaildirFixture(root, "app\\.log");
    Path f = t.dir.resolve("app.log");
    append(f, lines("old", 0, 10));
    long size = Files.size(f);
    append(f, lines("new", 0, 10));
    long ino = ((Number) Files.getAttribute(f, "unix:ino")).longValue();
    Files.createDirectories(t.positionFile.getParent());
    Files.writeString(t.positionFile, "[{\"inode\":" + ino + ",\"pos\":" + size + ",\"file\":\"" + f + "\"}]");
    try (t) {
      t.start();
      t.awaitSettled(Arrays.asList(lines("new", 0, 10)));
    }
  }

  @Test
  void aCorruptPositionFileIsSetAsideAndFilesAreReadFromTheStart() throws Exception {
    TaildirFixture t = new TaildirFixture(root, "app\\.log");
    Path f = t.dir.resolve("app.log");
    append(f, lines("x", 0, 5));
    Files.createDirectories(t.positionFile.getParent());
    Files.writeString(t.positionFile, "[{\"inode\":1,\"po");
    try (t) {
      t.start();
      assertExactlyOnce(Arrays.asList(lines("x", 0, 5)), t.awaitCount(5));
      try (var s = Files.list(t.positionFile.getParent())) {
        assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("taildir_position.json.corrupt-")));
      }
    }
  }

  @Test
  void aRenameWithinThePatternKeepsThePosition() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log.*").start()) {
      Path f = t.dir.resolve("app.log");
      append(f, lines("g0", 0, 1000));
      t.awaitCount(1000);
      Files.move(f, t.dir.resolve("app.log.1"));
      append(t.dir.resolve("app.log.1"), lines("late", 0, 100));
      append(f, lines("g1", 0, 1000));
      t.awaitSettled(all(lines("g0", 0, 1000), lines("late", 0, 100), lines("g1", 0, 1000)));
      assertTrue(t.counter("FilesRenamedCount") >= 1);
    }
  }

  @Test
  void aFileRenamedAwayIsReadToItsEndWhileItsWriterStillAppends() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").start()) {
      Path f = t.dir.resolve("app.log");
      append(f, lines("g0", 0, 500));
      t.awaitCount(500);
      t.closeGate();
      append(f, lines("g0", 500, 1000));
      Path rotated = t.dir.resolve("app.log.1");
      Files.move(f, rotated);
      append(rotated, lines("late", 0, 100));
      append(f, lines("g1", 0, 1000));
      t.openGate();
      List<String> got = t.awaitCount(2100);
      assertExactlyOnce(all(lines("g0", 0, 1000), lines("late", 0, 100), lines("g1", 0, 1000)), got);
    }
  }

  @Test
  void copytruncateFinishesTheCopyFromTheOldPosition() throws Exception {
    for (String copyName : List.of("app.log.1", "app.log-old")) {
      Path dir = Files.createDirectories(root.resolve(copyName));
      try (TaildirFixture t = new TaildirFixture(dir, "app\\.log(\\.\\d+)?").start()) {
        Path f = t.dir.resolve("app.log");
        append(f, lines("g0", 0, 1000));
        t.awaitCount(1000);
        t.closeGate();
        append(f, lines("g0", 1000, 1500));
        Files.copy(f, t.dir.resolve(copyName));
        Files.write(f, new byte[0]);
        append(f, lines("g1", 0, 200));
        t.openGate();
        t.awaitSettled(all(lines("g0", 0, 1500), lines("g1", 0, 200)));
        assertEquals(1, t.counter("CopiesFollowedCount"), copyName);
        assertEquals(0, t.counter("BytesLostToTruncationCount"), copyName);
      }
    }
  }

  @Test
  void aTruncationWithoutACopyCountsTheBytesItTook() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").start()) {
      Path f = t.dir.resolve("app.log");
      append(f, lines("g0", 0, 100));
      t.awaitCount(100);
      t.closeGate();
      append(f, "lost-1", "lost-2");
      await().atMost(Duration.ofSeconds(5)).until(() -> t.counter("ChannelWriteFail") > 0);
      Files.write(f, new byte[0]);
      append(f, "after");
      t.openGate();
      List<String> got = t.awaitCount(101);
      assertExactlyOnce(all(lines("g0", 0, 100), new String[] {"after"}), got);
      assertEquals("lost-1\nlost-2\n".length(), t.counter("BytesLostToTruncationCount"));
    }
  }

  @Test
  void aTruncationThatRegrewPastThePositionIsCaughtByTheMarker() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").start()) {
      Path f = t.dir.resolve("app.log");
      append(f, lines("old", 0, 10));
      t.awaitCount(10);
      t.closeGate();
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        append(f, "x");
        return t.counter("ChannelWriteFail") > 0;
      });
      // Truncate and write more than was there: a size check alone cannot see it.
      Files.write(f, new byte[0]);
      append(f, lines("new", 0, 50));
      t.openGate();
      t.awaitSettled(all(lines("old", 0, 10), lines("new", 0, 50)));
      assertTrue(t.counter("FilesTruncatedCount") >= 1);
    }
  }

  @Test
  void aFileTruncatedAndRegrownWhileStoppedIsReadFromTheStart() throws Exception {
    TaildirFixture t = new TaildirFixture(root, "app\\.log");
    Path f = t.dir.resolve("app.log");
    append(f, lines("old", 0, 10));
    t.start();
    t.awaitCount(10);
    t.stop();
    Files.write(f, new byte[0]);
    append(f, lines("new", 0, 50));
    try (t) {
      t.start();
      List<String> got = t.awaitCount(60);
      assertExactlyOnce(all(lines("old", 0, 10), lines("new", 0, 50)), got);
    }
  }

  @Test
  void rotationThreeGenerationsDeepWhileStoppedLosesAndRepeatsNothing() throws Exception {
    for (String pattern : List.of("app\\.log", "app\\.log.*")) {
      Path dir = Files.createDirectories(root.resolve(pattern.length() == 8 ? "active-only" : "all-generations"));
      TaildirFixture t = new TaildirFixture(dir, pattern);
      Path f = t.dir.resolve("app.log");
      append(f, lines("g0", 0, 100));
      t.start();
      t.awaitCount(100);
      t.stop();
      append(f, lines("g0", 100, 150));
      for (int gen = 1; gen <= 3; gen++) {
        for (int i = 3; i >= 1; i--) {
          Path from = t.dir.resolve("app.log." + i);
          if (Files.exists(from)) {
            Files.move(from, t.dir.resolve("app.log." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Files.move(f, t.dir.resolve("app.log.1"));
        append(f, lines("g" + gen, 0, 100));
      }
      try (t) {
        t.start();
        if (pattern.endsWith(".*")) {
          List<String> expected = all(lines("g0", 0, 150), lines("g1", 0, 100), lines("g2", 0, 100),
              lines("g3", 0, 100));
          t.awaitSettled(expected);
        } else {
          // Only app.log is watched: g1 and g2 were never followed, but g0's file is known by its
          // identity, so its unread tail is finished under its new name.
          List<String> expected = all(lines("g0", 0, 150), lines("g3", 0, 100));
          t.awaitSettled(expected);
        }
      }
    }
  }

  @Test
  void aFullChannelMakesTheSourceWaitAndLosesNothing() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").with("batchSize", "50").start()) {
      Path f = t.dir.resolve("app.log");
      t.closeGate();
      for (int i = 0; i < 10; i++) {
        append(f, lines("x", i * 500, (i + 1) * 500));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> t.counter("ChannelWriteFail") >= 3);
      assertEquals(0, t.bodies().size());
      t.openGate();
      List<String> got = t.awaitCount(5000);
      assertExactlyOnce(Arrays.asList(lines("x", 0, 5000)), got);
      assertEquals(Arrays.asList(lines("x", 0, 5000)), got, "in order");
    }
  }

  @Test
  void longLinesAreCutCountedAndFlaggedAndTheNextLineIsIntact() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").with("maxLineLength", "16").start()) {
      Path f = t.dir.resolve("app.log");
      String longLine = "L".repeat(200_000);
      append(f, "short", longLine, "after");
      List<String> got = t.awaitCount(3);
      assertEquals(List.of("short", "L".repeat(16), "after"), got);
      assertEquals("true", t.events().get(1).getHeaders().get(TaildirSource.TRUNCATED_HEADER));
      assertFalse(t.events().get(2).getHeaders().containsKey(TaildirSource.TRUNCATED_HEADER));
      assertEquals(1, t.counter("LinesTruncatedCount"));
    }
  }

  @Test
  void manyFilesAreAllReadWithinTheOpenFileLimit() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "f-.*\\.log").with("maxOpenFiles", "16")
        .with("idleTimeout", "100").start()) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String[] ls = lines("f" + i, 0, 5);
        append(t.dir.resolve("f-" + i + ".log"), ls);
        expected.addAll(Arrays.asList(ls));
      }
      long[] maxOpen = {0};
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        maxOpen[0] = Math.max(maxOpen[0], t.counter("OpenFiles"));
        return t.bodies().size() >= expected.size();
      });
      assertExactlyOnce(expected, t.bodies());
      assertTrue(maxOpen[0] <= 16, "open files stayed within maxOpenFiles: " + maxOpen[0]);
    }
  }

  @Test
  void twoGroupsMatchingOneFileReadItOnce() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log")) {
      t.with("filegroups", "f1 f2").with("filegroups.f2", t.dir + "/.*\\.log").start();
      append(t.dir.resolve("app.log"), lines("x", 0, 100));
      t.awaitSettled(Arrays.asList(lines("x", 0, 100)));
    }
  }

  @Test
  void positionsAreNotEmptiedWhenAScanBrieflyFindsNothing() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").start()) {
      Path f = t.dir.resolve("app.log");
      append(f, lines("x", 0, 10));
      t.awaitCount(10);
      Path aside = root.resolve("aside");
      Files.move(t.dir, aside);
      // Ten scans (50 ms apart) find no file; the saved positions must still hold app.log.
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(() -> Files.readString(t.positionFile).contains("app.log\",") || Files.readString(t.positionFile)
              .contains("app.log\"}"));
      Files.move(aside, t.dir);
      append(f, lines("x", 10, 20));
      List<String> got = t.awaitCount(20);
      assertExactlyOnce(Arrays.asList(lines("x", 0, 20)), got);
    }
  }

  @Test
  void afterAKillOnlyTheBatchInFlightIsReadAgainThanksToTheJournal() throws Exception {
    // The position file is saved only at stop here, so what a SIGKILL leaves is the journal.
    TaildirFixture t = new TaildirFixture(root, "app\\.log").with("writePosInterval", "3600000");
    Path f = t.dir.resolve("app.log");
    append(f, lines("x", 0, 1000));
    t.start();
    t.awaitCount(1000);
    Path crashState = t.crashState(root.resolve("crash-state"));
    t.stop();
    assertTrue(Files.exists(crashState.resolve("taildir_position.json.journal")), "journal written");
    assertFalse(Files.exists(crashState.resolve("taildir_position.json")), "no periodic save happened");
    append(f, lines("x", 1000, 1100));
    try (TaildirFixture after = t.restartedFrom(crashState, root.resolve("after"))) {
      after.start();
      after.awaitSettled(Arrays.asList(lines("x", 1000, 1100)));
    }
  }

  @Test
  void aRotatedFileDeletedBeforeItWasReadIsFinishedFromItsOpenDescriptor() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").start()) {
      Path f = t.dir.resolve("app.log");
      append(f, lines("g0", 0, 100));
      t.awaitCount(100);
      t.closeGate();
      append(f, lines("g0", 100, 600));
      await().atMost(Duration.ofSeconds(5)).until(() -> t.counter("ChannelWriteFail") > 0);
      // logrotate without delaycompress: renamed, compressed elsewhere, and deleted unread.
      Path rotated = t.dir.resolve("app.log.1");
      Files.move(f, rotated);
      Files.delete(rotated);
      append(f, lines("g1", 0, 100));
      t.openGate();
      t.awaitSettled(all(lines("g0", 0, 600), lines("g1", 0, 100)));
      assertEquals(0, t.counter("BytesAbandonedCount"));
    }
  }

  @Test
  void aDeletedFileWhoseRetentionRunsOutIsCountedToTheByte() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").with("retiredRetention", "200").start()) {
      Path f = t.dir.resolve("app.log");
      append(f, lines("g0", 0, 100));
      t.awaitCount(100);
      t.closeGate();
      String[] unread = lines("g0", 100, 200);
      append(f, unread);
      await().atMost(Duration.ofSeconds(5)).until(() -> t.counter("ChannelWriteFail") > 0);
      Files.delete(f);
      long bytes = Arrays.stream(unread).mapToLong(l -> l.length() + 1).sum();
      await().atMost(Duration.ofSeconds(10)).until(() -> t.counter("BytesAbandonedCount") == bytes);
      t.openGate();
      append(f, "after");
      t.awaitSettled(all(lines("g0", 0, 100), new String[] {"after"}));
    }
  }
}
