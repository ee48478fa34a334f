package io.sluice.edge.taildir;

import static io.sluice.edge.taildir.TaildirFixture.append;
import static io.sluice.edge.taildir.TaildirFixture.lines;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Transaction;
import io.sluice.core.channel.memory.MemoryChannel;
import io.sluice.core.channel.memory.MemoryChannelConfig;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.DefaultChannelProcessor;
import io.sluice.core.processing.selector.ReplicatingChannelSelector;
import io.sluice.core.runtime.DefaultComponentContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a memory channel, a position is saved only once sinks took the lines out, so a crash that
 * empties the channel loses nothing; {@code checkpointOn = channel} keeps Flume's behaviour.
 */
class TaildirDeliveryTest {
  @TempDir
  Path root;
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final MemoryChannel memory = new MemoryChannel(new MemoryChannelConfig(10_000, 1000, 0, 20,
      Duration.ofMillis(50)), DefaultComponentContext.builder("a1", "c1", metrics.group("CHANNEL.c1")).build());
  private final DefaultChannelProcessor processor = new DefaultChannelProcessor("r1",
      new ReplicatingChannelSelector(List.of(memory), List.of()), List.of(), metrics.group("SOURCE.r1"));

  private long savedPosition(TaildirFixture t) throws Exception {
    if (!Files.exists(t.positionFile)) {
      return -1;
    }
    var root = new ObjectMapper().readTree(Files.readString(t.positionFile));
    return root.size() == 0 ? -1 : root.get(0).get("pos").asLong();
  }

  private void drain(int n) {
    try (Transaction tx = memory.getTransaction()) {
      tx.begin();
      assertEquals(n, tx.take(n).size());
      tx.commit();
    }
  }

  @Test
  void aPositionWaitsUntilSinksTookTheLinesOutOfAMemoryChannel() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").through(processor).start()) {
      Path f = t.dir.resolve("app.log");
      append(f, lines("x", 0, 100));
      await().atMost(Duration.ofSeconds(10)).until(() -> memory.size() == 100);
      // Saves happen every 100 ms here; none may record lines still in the channel.
      await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> savedPosition(t) <= 0);
      drain(100);
      long size = Files.size(f);
      await().atMost(Duration.ofSeconds(5)).until(() -> savedPosition(t) == size);
    }
  }

  @Test
  void withCheckpointOnChannelThePositionMovesAtTheChannelsCommitAsInFlume() throws Exception {
    try (TaildirFixture t = new TaildirFixture(root, "app\\.log").with("checkpointOn", "channel")
        .through(processor).start()) {
      Path f = t.dir.resolve("app.log");
      append(f, lines("x", 0, 100));
      long size = Files.size(f);
      await().atMost(Duration.ofSeconds(5)).until(() -> savedPosition(t) == size);
      assertEquals(100, memory.size(), "saved while the lines are still in the channel");
    }
  }
}
