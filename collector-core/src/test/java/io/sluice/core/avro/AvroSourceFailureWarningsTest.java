package io.sluice.core.avro;

import static io.sluice.core.avro.AvroFixture.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.rpc.LogCapture;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.client.RpcException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sender retrying batches that always fail with an unexpected error (not a full channel) gets
 * FAILED each time, and the source's log gets a bounded number of lines: the first few with their
 * stack trace, then one summary with the count.
 */
class AvroSourceFailureWarningsTest {
  private static final int BATCHES = 200;
  private final AvroFixture fx = new AvroFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  /** A plugin's channel processor with a bug: every put throws. */
  private static final class BrokenChannelProcessor implements ChannelProcessor {
    @Override
    public void processEvent(Event event) {
      processEventBatch(List.of(event));
    }

    @Override
    public void processEventBatch(List<Event> events) {
      throw new IllegalStateException("interceptor state lost");
    }
  }

  @Test
  void aFloodOfFailingBatchesLogsABoundedNumberOfLinesAndOneSummaryWithTheCount()
      throws Exception {
    try (LogCapture log = LogCapture.capture()) {
      AvroSource source = fx.source("r1", new BrokenChannelProcessor(), Map.of());
      try (AvroRpcClient client = AvroRpcClient.connect(
          RpcClientConfig.builder("127.0.0.1", source.boundPort()).build())) {
        for (int i = 0; i < BATCHES; i++) {
          int from = i * 10;
          RpcException e = assertThrows(RpcException.class,
              () -> client.appendBatch(events(from, from + 10)));
          assertTrue(e.getMessage().contains("FAILED"), e.getMessage());
        }
      }
      List<String> each = log.linesContaining("Source r1: answered FAILED");
      // All 200 within one 10 s interval on any machine that runs this in seconds.
      assertEquals(10, each.size(), String.join("\n", each));
      assertTrue(each.get(0).contains("interceptor state lost"), each.get(0));

      source.stop();
      List<String> summary = log.linesContaining("more batches answered FAILED");
      assertEquals(1, summary.size(), "one summary line at stop: " + summary);
      assertTrue(summary.get(0).contains((BATCHES - 10) + " more"), summary.get(0));
      assertEquals(BATCHES, fx.value("SOURCE.r1", "ChannelWriteFail"), "every failure counted");
    }
  }
}
