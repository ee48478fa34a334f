package io.sluice.edge.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.OversizedBatchException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BatchLimitTest {
  private final BatchLimit limit = new BatchLimit("r1", LoggerFactory.getLogger(BatchLimitTest.class), 100,
      Integer.MAX_VALUE);

  @Test
  void aFullChannelLeavesTheBatchAsItIs() {
    assertFalse(limit.shrinkAfter(new ChannelFullException("c1 is full"), 100));
    assertEquals(100, limit.get());
  }

  @Test
  void anyOtherRefusalHalvesTheBatchItRefusedDownToOne() {
    ChannelException tooBig = new ChannelException("c1: transaction holds 10 puts");
    assertTrue(limit.shrinkAfter(tooBig, 40)); // a short batch: half of what was tried
    assertEquals(20, limit.get());
    assertTrue(limit.shrinkAfter(tooBig, 20));
    assertTrue(limit.shrinkAfter(tooBig, 10));
    assertEquals(5, limit.get());
    assertTrue(limit.shrinkAfter(tooBig, 100), "a connection still trying a larger batch");
    assertEquals(5, limit.get(), "never grows back");
    assertTrue(limit.shrinkAfter(tooBig, 2));
    assertEquals(1, limit.get());
    assertFalse(limit.shrinkAfter(tooBig, 1), "one event refused: the size is not the reason");
  }

  @Test
  void theChannelsTransactionCapacityKnownAtStartIsTheLimitFromTheStart() {
    BatchLimit small = new BatchLimit("r1", LoggerFactory.getLogger(BatchLimitTest.class), 100, 10);
    assertEquals(10, small.get());
    assertEquals(7, new BatchLimit("r1", LoggerFactory.getLogger(BatchLimitTest.class), 7, 10).get());
  }

  @Test
  void aChannelThatNamesItsTransactionCapacityIsTakenAtItsWord() {
    assertTrue(limit.shrinkAfter(new OversizedBatchException("c1: transaction holds 10 puts", 10),
        100));
    assertEquals(10, limit.get());
  }
}
