package io.sluice.core.sink;

import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;

/** A sink's Flume-named counters (EventDrainAttemptCount, BatchEmptyCount, ...). Thread-safe. */
public final class SinkCounters {
  private final Counter drainAttempt;
  private final Counter drainSuccess;
  private final Counter batchEmpty;
  private final Counter batchUnderflow;
  private final Counter batchComplete;

  public SinkCounters(ComponentMetrics metrics) {
    drainAttempt = metrics.counter("EventDrainAttemptCount");
    drainSuccess = metrics.counter("EventDrainSuccessCount");
    batchEmpty = metrics.counter("BatchEmptyCount");
    batchUnderflow = metrics.counter("BatchUnderflowCount");
    batchComplete = metrics.counter("BatchCompleteCount");
  }

  /** Records a taken batch of {@code size} events out of a possible {@code batchSize}. */
  public void taken(int size, int batchSize) {
    if (size == 0) {
      batchEmpty.increment();
      return;
    }
    (size < batchSize ? batchUnderflow : batchComplete).increment();
    drainAttempt.add(size);
  }

  public void committed(int size) {
    drainSuccess.add(size);
  }
}
