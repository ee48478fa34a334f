package io.sluice.edge.exec;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.rpc.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the exec source delivers, and when: real child processes, a real transactional channel. */
class ExecSourceDeliveryTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private ExecHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static List<String> numbers(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
  }

  @Test
  void seqIsDeliveredExactlyOnceInOrder() {
    h = new ExecHarness(20_000, Map.of("command", "seq 1 10000")).start();
    await().atMost(DEADLINE).until(() -> h.metric("ExecChildExitCount") == 1);
    assertEquals(numbers(1, 10000), h.bodies());
    assertEquals(10000, h.metric("EventReceivedCount"));
    assertEquals(10000, h.metric("EventAcceptedCount"));
    assertEquals(h.metric("AppendBatchReceivedCount"), h.metric("AppendBatchAcceptedCount"));
    assertTrue(h.metric("AppendBatchAcceptedCount") >= 500, "batches of at most batchSize (20)");
    assertEquals(0, h.metric("ChannelWriteFail"));
  }

  @Test
  void shellModeRunsPipesAndQuotes() {
    h = new ExecHarness(100, Map.of("shell", "/bin/sh -c",
        "command", "echo 'one  two' | tr a-z A-Z && printf '%s\\n' \"it's\" | cat")).start();
    await().atMost(DEADLINE).until(() -> h.metric("ExecChildExitCount") == 1);
    assertEquals(List.of("ONE  TWO", "it's"), h.bodies());
  }

  @Test
  void withoutShellTheCommandIsSplitOnWhitespace() {
    h = new ExecHarness(100, Map.of("command", "printf  %s|%s\\n  'a b'")).start();
    await().atMost(DEADLINE).until(() -> h.metric("ExecChildExitCount") == 1);
    // No quoting without a shell, as in Flume: the quote characters are plain arguments.
    assertEquals(List.of("'a|b'"), h.bodies());
  }

  @Test
  void batchTimeoutFlushesAPartialBatchOfASlowChild() {
    // The child prints two lines and then waits on its stdin, which the source never writes.
    h = new ExecHarness(100, Map.of("shell", "/bin/sh -c", "command", "echo first; echo second; exec cat",
        "batchSize", "100", "batchTimeout", "200")).start();
    await().atMost(DEADLINE).until(() -> h.take() == 2);
    assertEquals(List.of("first", "second"), h.bodies());
    assertTrue(h.source.child().orElseThrow().isAlive(), "flushed by the timeout, not by the child's exit");
    assertEquals(0, h.metric("ExecChildExitCount"));
  }

  @Test
  void aFullChannelBlocksTheChildAndNoLineIsLost() {
    int lines = 100_000;
    long capacity = 1000;
    h = new ExecHarness(capacity, Map.of("command", "seq 1 " + lines)).start();

    // Nobody takes: the channel fills, the source keeps its refused batch and stops reading.
    await().atMost(DEADLINE).until(() -> h.metric("ChannelWriteFail") > 0);
    ProcessHandle child = h.source.child().orElseThrow();
    // Read but not committed is bounded by the batch being retried plus the handoff queue (20 each,
    // one more line may sit in the reader); the rest waits in the pipe or in the child.
    long bound = capacity + 20 + 20 + 1;
    await().during(Duration.ofMillis(500)).atMost(DEADLINE).until(() ->
        child.isAlive() && h.metric("EventReceivedCount") <= bound && h.channel.size() == capacity);
    assertEquals(0, h.metric("ExecChildExitCount"), "the child was neither killed nor allowed to finish");
    assertTrue(h.metric("ChannelWriteFail") > 1, "the refused batch is retried");
    assertEquals(1L, h.metrics.snapshot().get(h.group).get("ExecChannelBlocked"));

    // A slow consumer: the awaiting thread drains the channel every 5 ms until every line is in.
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5)).until(() -> h.take() >= lines);
    await().atMost(DEADLINE).until(() -> h.metric("ExecChildExitCount") == 1);
    assertEquals(numbers(1, lines), h.bodies(), "every line exactly once, in order");
    assertEquals(lines, h.metric("EventAcceptedCount"));
    assertEquals(0, h.metric("ExecEventDroppedOnStopCount"));
  }

  @Test
  void charsetDecodesTheChildsOutput() {
    // 0xE9 is 'é' in ISO-8859-1 and malformed alone in UTF-8.
    h = new ExecHarness(100, Map.of("shell", "/bin/sh -c", "command", "printf '\\351t\\351\\n'",
        "charset", "ISO-8859-1")).start();
    await().atMost(DEADLINE).until(() -> h.take() == 1);
    assertArrayEquals(new byte[] {(byte) 0xE9, 't', (byte) 0xE9}, h.rawBodies().get(0));
    assertEquals(List.of("\u00e9t\u00e9"), h.bodies(StandardCharsets.ISO_8859_1));
  }

  @Test
  void utf8IsTheDefaultCharsetAndMalformedBytesAreReplaced() {
    h = new ExecHarness(100, Map.of("shell", "/bin/sh -c", "command", "printf '\\351t\\303\\251\\n'")).start();
    await().atMost(DEADLINE).until(() -> h.take() == 1);
    assertEquals(List.of("\ufffdt\u00e9"), h.bodies());
  }

  @Test
  void longLinesAreTruncatedAndCountedAndCrLfIsOneLineEnd() {
    h = new ExecHarness(100, Map.of("shell", "/bin/sh -c", "command", "printf 'abcdefghij\\nxy\\r\\nlast'",
        "maxLineLength", "4")).start();
    await().atMost(DEADLINE).until(() -> h.metric("ExecChildExitCount") == 1);
    assertEquals(List.of("abcd", "xy", "last"), h.bodies());
    assertEquals(1, h.metric("ExecLineTruncatedCount"));
  }

  @Test
  void stderrIsLoggedWhenAskedRateLimited() {
    try (LogCapture logs = LogCapture.capture(Level.INFO)) {
      h = new ExecHarness(100, Map.of("shell", "/bin/sh -c",
          "command", "echo out; echo err-line >&2; seq 1 1000 | sed 's/^/noise-/' >&2",
          "logStdErr", "true")).start();
      await().atMost(DEADLINE).until(() -> h.metric("ExecChildExitCount") == 1
          && h.metric("ExecStdErrLineCount") == 1001);
      assertEquals(List.of("out"), h.bodies(), "stderr never becomes events");
      assertEquals(1, logs.linesContaining("stderr: err-line").size());
      long logged = logs.linesContaining("stderr: noise-").size();
      assertTrue(logged < 1000 && logged >= StdErrLogger.LINES_PER_WINDOW - 1, "rate-limited: " + logged);
      assertEquals(1000 - logged, h.metric("ExecStdErrSuppressedCount"));
      assertTrue(!logs.linesContaining("more line(s) not logged").isEmpty(), "the suppressed lines are summed up");
    }
  }

  @Test
  void stderrIsDiscardedByDefaultAndNeverBlocksTheChild() {
    try (LogCapture logs = LogCapture.capture(Level.INFO)) {
      // 1.3 MB on stderr: far more than a pipe holds, so an undrained pipe would block the child.
      h = new ExecHarness(100, Map.of("shell", "/bin/sh -c",
          "command", "seq 1 200000 | sed 's/^/noise-/' >&2; echo done")).start();
      await().atMost(DEADLINE).until(() -> h.metric("ExecChildExitCount") == 1);
      assertEquals(List.of("done"), h.bodies());
      assertEquals(0, h.metric("ExecStdErrLineCount"));
      assertTrue(logs.linesContaining("stderr:").isEmpty());
    }
  }
}
