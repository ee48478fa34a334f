package io.sluice.deploy.drill;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.deploy.quickstart.NodeProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill signals a node of its own cluster only while that node's process runs: once it has
 * exited its pid may be reused by an unrelated process.
 */
class NodeFaultTest {
  @TempDir Path tmp;

  @Test
  void aNodeWhoseProcessHasExitedIsNeverSignalled() throws Exception {
    NodeProcess node = new NodeProcess("agg-1", NodeProcess.Role.AGGREGATOR, List.of(),
        "io.sluice.no.SuchMain", List.of(), tmp.resolve("agg-1.log"), -1).start();
    long pid = node.pid();
    await().atMost(Duration.ofSeconds(30)).until(() -> !node.isAlive());
    NodeFault stop = new NodeFault(null, node, FaultKind.STOP);
    IOException e = assertThrows(IOException.class, stop::inject);
    assertEquals("agg-1 is not running (pid " + pid + " has exited); not signalled",
        e.getMessage());
    e = assertThrows(IOException.class, stop::restore);
    assertEquals("agg-1 is not running (pid " + pid + " has exited); not signalled",
        e.getMessage());
  }
}
