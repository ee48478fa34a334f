package io.sluice.bench;

import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.channel.file.FileChannel;
import io.sluice.core.channel.file.FileChannelConfig;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Sluice's file channel with Flume's defaults, except the directories. */
final class SluiceFileChannel implements BenchChannel {
  private final FileChannel channel;

  SluiceFileChannel(Path dir) throws Exception {
    FileChannelConfig config = new FileChannelConfig(dir.resolve("checkpoint"), null,
        List.of(dir.resolve("data")), 1_000_000, 10_000, Duration.ofSeconds(30), 2_146_435_071L,
        524_288_000L, Duration.ofSeconds(3), true, false);
    channel = new FileChannel(config,
        DefaultComponentContext.builder("bench", "c1", new MetricsRegistry().group("c1")).build());
    channel.start();
  }

  @Override
  public void putBatch(byte[][] bodies) {
    try (Transaction tx = channel.getTransaction()) {
      tx.begin();
      for (byte[] b : bodies) {
        tx.put(Event.of(b));
      }
      tx.commit();
    }
  }

  @Override
  public int takeBatch(int max) {
    try (Transaction tx = channel.getTransaction()) {
      tx.begin();
      int n = 0;
      while (n < max && tx.take() != null) {
        n++;
      }
      tx.commit();
      return n;
    }
  }

  @Override
  public long syncs() {
    return channel.syncCount();
  }

  @Override
  public void close() {
    channel.stop();
  }
}
