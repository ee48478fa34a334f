package io.sluice.edge.taildir;

import static io.sluice.edge.taildir.TaildirFixture.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaildirMultilineTest {
  private static final String[] TRACE = {
      "ERROR request failed", "java.lang.IllegalStateException: boom", "\tat a.B.c(B.java:10)",
      "\tat a.B.d(B.java:20)", "Caused by: java.io.IOException: disk", "\tat e.F.g(F.java:30)"};

  @TempDir
  Path root;

  private TaildirFixture javaTraces(Path dir) throws Exception {
    return new TaildirFixture(dir, "app\\.log").with("multiline.pattern", "^[ \\t]|^Caused by:|^[\\w.$]+(Exception|Error)")
        .with("multiline.timeout", "200");
  }

  @Test
  void aJavaStackTraceArrivesAsOneEvent() throws Exception {
    try (TaildirFixture t = javaTraces(root).start()) {
      Path f = t.dir.resolve("app.log");
      append(f, "INFO start");
      append(f, TRACE);
      append(f, "INFO next");
      List<String> got = t.awaitCount(3);
      assertEquals(List.of("INFO start", String.join("\n", TRACE), "INFO next"), got);
    }
  }

  @Test
  void aRestartInTheMiddleOfAnEventNeverSplitsIt() throws Exception {
    TaildirFixture t = new TaildirFixture(root, "app\\.log").with("multiline.pattern", "^[ \\t]|^Caused by:")
        .with("multiline.timeout", "600000");
    Path f = t.dir.resolve("app.log");
    t.start();
    append(f, "INFO start", TRACE[0], TRACE[2], TRACE[3]);
    t.awaitCount(1);
    t.stop();
    append(f, TRACE[4], TRACE[5], "INFO next");
    try (t) {
      t.start();
      List<String> got = t.awaitCount(2);
      assertEquals(List.of("INFO start", String.join("\n", TRACE[0], TRACE[2], TRACE[3], TRACE[4], TRACE[5])), got);
    }
  }

  @Test
  void matchBeforeJoinsContinuationsToTheLineAfterThem() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").with("multiline.pattern", "\\\\$")
        .with("multiline.match", "before").start()) {
      append(t.dir.resolve("app.log"), "a \\", "b \\", "c", "d");
      assertEquals(List.of("a \\\nb \\\nc", "d"), t.awaitCount(2));
    }
  }

  @Test
  void maxLinesBoundsAnEventAndFlagsIt() throws Exception {
    try (TaildirFixture t = javaTraces(root).with("multiline.maxLines", "3").start()) {
      append(t.dir.resolve("app.log"), TRACE);
      append(t.dir.resolve("app.log"), "INFO next");
      List<String> got = t.awaitCount(2);
      assertEquals(String.join("\n", TRACE[0], TRACE[1], TRACE[2]), got.get(0));
      assertTrue(t.events().get(0).getHeaders().containsKey(TaildirSource.TRUNCATED_HEADER));
    }
  }
}
