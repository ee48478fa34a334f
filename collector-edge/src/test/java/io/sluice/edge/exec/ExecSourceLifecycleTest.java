package io.sluice.edge.exec;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.rpc.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Child exits, restarts, commands that cannot start, and stop(). */
class ExecSourceLifecycleTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private ExecHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void restartRelaunchesTheCommandAfterItExits() {
    try (LogCapture logs = LogCapture.capture(Level.INFO)) {
      h = new ExecHarness(100, Map.of("command", "echo hi", "restart", "true", "restartThrottle", "50")).start();
      await().atMost(DEADLINE).until(() -> h.metric("ExecRestartCount") >= 2 && h.take() >= 3);
      assertTrue(h.bodies().stream().allMatch("hi"::equals));
      assertTrue(h.metric("ExecChildExitCount") >= 2);
      assertFalse(logs.linesContaining("exited with code 0; restarting it in 50 ms").isEmpty());
    }
  }

  @Test
  void withoutRestartTheSourceStaysIdleAfterTheChildExits() {
    try (LogCapture logs = LogCapture.capture(Level.INFO)) {
      h = new ExecHarness(100, Map.of("shell", "/bin/sh -c", "command", "echo once; exit 3",
          "restartThrottle", "10")).start();
      await().atMost(DEADLINE).until(() -> h.metric("ExecChildExitCount") == 1);
      // Idle: nothing relaunches it, and the exec thread has ended.
      await().during(Duration.ofMillis(300)).atMost(DEADLINE).until(() ->
          h.metric("ExecRestartCount") == 0 && h.metric("ExecChildExitCount") == 1
              && h.liveThreads().stream().noneMatch(n -> n.contains("-exec-")));
      assertEquals(List.of("once"), h.bodies());
      List<String> exit = logs.linesContaining("exited with code 3");
      assertEquals(1, exit.size(), "one line for the exit: " + exit);
      assertTrue(exit.get(0).contains("restart is false, so the source stays idle"), exit.get(0));
    }
  }

  @Test
  void aMissingCommandIsOneClearErrorNamingIt() {
    try (LogCapture logs = LogCapture.capture(Level.INFO)) {
      h = new ExecHarness(100, Map.of("command", "/no/such/sluice-cmd --flag")).start();
      await().atMost(DEADLINE).until(() -> h.metric("ExecStartFailCount") == 1);
      await().atMost(DEADLINE).until(() -> h.liveThreads().isEmpty());
      List<String> errors = logs.linesContaining("cannot start command");
      assertEquals(1, errors.size(), errors.toString());
      String e = errors.get(0);
      assertTrue(e.startsWith("ERROR") && e.contains("'/no/such/sluice-cmd --flag'")
          && e.contains("No such file or directory") && e.contains("stays idle"), e);
      assertEquals(0, h.metric("ExecRestartCount"));
    }
  }

  @Test
  void aMissingCommandIsRetriedLikeARestart() {
    h = new ExecHarness(100, Map.of("command", "/no/such/sluice-cmd", "restart", "true",
        "restartThrottle", "20")).start();
    await().atMost(DEADLINE).until(() -> h.metric("ExecStartFailCount") >= 3);
    assertTrue(h.metric("ExecRestartCount") >= 2);
  }

  @Test
  void stopCommitsWhatWasReadThenEndsTheChildAndEveryThread() {
    // 50 lines wait in a batch that neither size (100) nor time (60 s) would flush soon.
    h = new ExecHarness(100, Map.of("shell", "/bin/sh -c", "command", "seq 1 50; exec sleep 1000",
        "batchSize", "100", "batchTimeout", "60000", "restart", "true")).start();
    await().atMost(DEADLINE).until(() -> h.metric("EventReceivedCount") == 50);
    ProcessHandle child = h.source.child().orElseThrow();
    assertTrue(h.liveThreads().size() >= 2, "exec and stdout threads: " + h.liveThreads());
    assertEquals(0, h.channel.size());

    h.source.stop();

    assertFalse(child.isAlive());
    assertEquals(IntStream.rangeClosed(1, 50).mapToObj(Integer::toString).toList(), h.bodies());
    assertEquals(List.of(), h.liveThreads());
    assertEquals(0, h.metric("ExecRestartCount"), "a stop is not a restart");
  }

  @Test
  void stopKillsAChildThatIgnoresTermAndItsDescendants() {
    ExecTimings quick = new ExecTimings(10, 100, 1000, 300);
    h = new ExecHarness(100, Map.of("shell", "/bin/sh -c",
        "command", "trap '' TERM; echo ready; sleep 1000 | cat", "logStdErr", "true", "batchTimeout", "20"),
        quick).start();
    await().atMost(DEADLINE).until(() -> h.take() == 1);
    ProcessHandle child = h.source.child().orElseThrow();
    await().atMost(DEADLINE).until(() -> child.descendants().count() >= 2);
    List<ProcessHandle> family = child.descendants().toList();

    h.source.stop();

    assertFalse(child.isAlive(), "killed after the grace");
    await().atMost(DEADLINE).until(() -> family.stream().noneMatch(ProcessHandle::isAlive));
    assertEquals(List.of(), h.liveThreads());
  }

  @Test
  void stopGivesUpLinesTheChannelKeepsRefusingAfterItsBoundAndCountsThem() {
    ExecTimings quick = new ExecTimings(10, 50, 300, 300);
    h = new ExecHarness(10, Map.of("shell", "/bin/sh -c", "command", "seq 1 100; exec sleep 1000",
        "batchSize", "5"), quick).start();
    await().atMost(DEADLINE).until(() -> h.metric("EventReceivedCount") > 10 && h.metric("ChannelWriteFail") > 0);

    long started = System.nanoTime();
    h.source.stop();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertTrue(tookMillis < 5000, "stop is bounded: " + tookMillis + " ms");
    assertEquals(List.of(), h.liveThreads());
    assertEquals(10, h.metric("EventAcceptedCount"));
    assertEquals(100 - 10, h.metric("ExecEventDroppedOnStopCount"), "every line read is either committed or counted");
    assertEquals(100, h.metric("EventReceivedCount"));
  }
}
