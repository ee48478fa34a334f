package io.sluice.edge.spooldir;

import static io.sluice.edge.spooldir.SpoolHarness.lines;
import static io.sluice.edge.spooldir.SpoolHarness.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.core.runner.PollableSourceRunner;
import io.sluice.core.runtime.NamedThreadFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source under the runtime's own runner thread, with files dropped while it runs. */
class SpoolDirectoryRunnerTest {
  @TempDir
  Path dir;

  @Test
  void filesDroppedWhileRunningAreDeliveredAndCompleted() throws Exception {
    try (SpoolHarness h = new SpoolHarness(dir)) {
      SpoolDirectorySource source = h.create(Map.of("batchSize", "50", "pollDelay", "20"));
      source.start();
      PollableSourceRunner runner = new PollableSourceRunner("r1", source, new NamedThreadFactory("a1-r1-runner"));
      runner.start();
      List<String> got = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      try {
        for (int f = 1; f <= 5; f++) {
          // Dropped atomically, as spool directories require: written aside, then moved in.
          Path tmp = Files.writeString(dir.resolve(".incoming"), text(lines("f" + f + "-", 120)));
          Files.move(tmp, dir.resolve("f" + f + ".log"));
          expected.addAll(lines("f" + f + "-", 120));
          Path done = dir.resolve("f" + f + ".log.COMPLETED");
          await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done));
        }
        got.addAll(h.drainBodies());
      } finally {
        runner.stop();
        source.stop();
      }
      assertEquals(expected, got);
    }
  }
}
