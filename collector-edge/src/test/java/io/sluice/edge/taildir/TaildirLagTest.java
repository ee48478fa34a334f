package io.sluice.edge.taildir;

import static io.sluice.edge.taildir.TaildirFixture.append;
import static io.sluice.edge.taildir.TaildirFixture.lines;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How far a TAILDIR source is behind: the bytes not yet read, and the age of the oldest file that
 * has some, go up while the channel refuses (the source cannot read on) and back to 0 once read.
 */
class TaildirLagTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path root;

  @Test
  void unreadBytesAndTheirAgeRiseWhileTheChannelRefusesAndFallWhenRead() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, ".*\\.log").start()) {
      Path log = t.dir.resolve("app.log");
      append(log, lines("read", 0, 10));
      t.awaitCount(10);
      t.closeGate();
      await().atMost(WAIT).until(() -> t.counter("UnreadBytes") == 0 && oldestAge(t) == 0);

      String[] held = lines("held", 0, 200);
      append(log, held);
      long heldBytes = Arrays.stream(held).mapToLong(l -> l.length() + 1).sum();
      // As if written a minute ago and never read since.
      Files.setLastModifiedTime(log, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
      await().atMost(WAIT).until(() -> t.counter("UnreadBytes") == heldBytes);
      await().atMost(WAIT).until(() -> oldestAge(t) >= 59);

      t.openGate();
      t.awaitCount(210);
      await().atMost(WAIT).until(() -> t.counter("UnreadBytes") == 0);
      assertEquals(0.0, oldestAge(t), "nothing unread, so no unread data has an age");
    }
  }

  private static double oldestAge(TaildirFixture t) {
    return t.metrics.sluiceGauge("SOURCE.r1", "oldest_unread_age_seconds");
  }
}
