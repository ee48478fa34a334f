package io.sluice.core.processing;

import static io.sluice.core.processing.Components.configure;
import static io.sluice.core.processing.Components.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.selector.ReplicatingChannelSelectorFactory;
import io.sluice.rpc.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An optional channel that fails every put: the source goes on, every failure is counted, and the
 * log gets the first few warnings with their stack trace and then one summary with the count,
 * not a stack trace per batch.
 */
class OptionalChannelWarningsTest {
  private static final int BATCHES = 1_000;

  @Test
  void aThousandFailedOptionalPutsLogTenLinesAndOneSummaryWithTheCount() throws Exception {
    TestListChannel required = new TestListChannel("c1");
    TestListChannel optional = new TestListChannel("c2");
    optional.failCommitsWith(new ChannelException("disk of c2 went read-only"));
    MetricsRegistry metrics = new MetricsRegistry();
    ReplicatingChannelSelectorFactory f = new ReplicatingChannelSelectorFactory();
    DefaultChannelProcessor processor = new DefaultChannelProcessor("r1",
        f.create(configure(f, Map.of("optional", "c2")), context(required, optional)), List.of(),
        metrics.group("SOURCE.r1"));
    try (LogCapture log = LogCapture.capture()) {
      processor.start();
      for (int i = 0; i < BATCHES; i++) {
        processor.processEventBatch(List.of(Event.of(("e" + i).getBytes(StandardCharsets.UTF_8))));
      }
      List<String> each = log.linesContaining("Source r1: optional channel c2 failed");
      // All 1,000 within one 10 s interval on any machine that runs this in seconds.
      assertEquals(10, each.size(), String.join("\n", each));
      assertTrue(log.everything().contains("disk of c2 went read-only"), "with the stack trace");

      processor.stop();
      List<String> summary = log.linesContaining("more failed puts into optional channels");
      assertEquals(1, summary.size(), "one summary line at stop: " + summary);
      assertTrue(summary.get(0).contains((BATCHES - 10) + " more"), summary.get(0));
      assertTrue(summary.get(0).contains("optional channel c2"), "names the last culprit: "
          + summary.get(0));
    }
    assertEquals(BATCHES, required.events().size(), "the required channel got every batch");
    assertEquals(BATCHES, metrics.value("SOURCE.r1",
        DefaultChannelProcessor.OPTIONAL_FAILURES), "every failure counted");
  }
}
