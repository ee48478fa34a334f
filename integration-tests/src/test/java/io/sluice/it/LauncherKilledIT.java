package io.sluice.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice quickstart} SIGKILLed: no shutdown hook of the launcher runs, yet none of the
 * processes it started may live on. The cluster host stops when its standard input closes; the
 * agents run with {@code --exit-with-parent} and stop, cleanly, for the same reason.
 */
class LauncherKilledIT {
  @TempDir Path tmp;

  @Test
  void noChildOutlivesASigkilledLauncher() throws Exception {
    Path dir = tmp.resolve("qs");
    Path out = tmp.resolve("quickstart.out");
    Process launcher = AgentProcessShutdownIT.startSluice(out, List.of("quickstart", "--rate",
        "50", "--dir", dir.toString()));
    List<ProcessHandle> children = List.of();
    try {
      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
        assertTrue(launcher.isAlive(), () -> "quickstart exited early:\n" + read(out));
        return read(out).contains("Sluice quickstart cluster is up");
      });
      children = launcher.descendants().filter(ProcessHandle::isAlive).toList();
      assertTrue(children.size() >= 5, "cluster host, 2 aggregators, 2 edges: " + children);

      launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs
      List<ProcessHandle> started = children;
      await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
          .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));

      for (String agent : List.of("agg1", "agg2", "edge1", "edge2")) {
        String log = read(dir.resolve("logs").resolve(agent + ".log"));
        assertTrue(log.contains("the launcher of agent " + agent + " exited or is stopping it")
            && log.contains("Agent " + agent + " stopped"), agent + " did not stop cleanly:\n"
            + log);
      }
      assertTrue(read(dir.resolve("logs/cluster-host.log")).contains("cluster host stopped"));
    } finally {
      launcher.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly); // only if the test failed
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
