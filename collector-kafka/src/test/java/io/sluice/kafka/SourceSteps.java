package io.sluice.kafka;

import io.sluice.api.Event;
import io.sluice.core.testutil.TestQueueChannel;
import java.util.List;

/** Steps a source as its runner would, for tests. */
final class SourceSteps {
  private SourceSteps() {}

  /** Calls {@code process()} and drains the channel into {@code into} until it holds {@code total} or 60 s passed. */
  static void drainUntil(KafkaSource source, TestQueueChannel channel, List<Event> into, int total)
      throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (into.size() < total && System.nanoTime() < deadline) {
      source.process();
      into.addAll(channel.drain());
    }
  }
}
