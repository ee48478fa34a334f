package io.sluice.core.sink;

import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;
import java.util.List;

/**
 * A sink's Flume-named counters (EventDrainAttemptCount, BatchEmptyCount, ...), the duration of
 * its delivered batches and the age of the events it delivered. Thread-safe.
 */
public final class SinkCounters {
  private final Counter drainAttempt;
  private final Counter drainSuccess;
  private final Counter batchEmpty;
  private final Counter batchUnderflow;
  private final Counter batchComplete;
  private final ComponentMetrics.Histogram batchDurations;
  private final ComponentMetrics.EventAges deliveryAges;

  public SinkCounters(ComponentMetrics metrics) {
    drainAttempt = metrics.counter("EventDrainAttemptCount");
    drainSuccess = metrics.counter("EventDrainSuccessCount");
    batchEmpty = metrics.counter("BatchEmptyCount");
    batchUnderflow = metrics.counter("BatchUnderflowCount");
    batchComplete = metrics.counter("BatchCompleteCount");
    batchDurations = metrics.histogram(ComponentMetrics.Timing.SINK_BATCH);
    deliveryAges = metrics.eventAges(ComponentMetrics.AgeStage.DELIVERY);
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

  /**
   * Records a batch whose take committed {@code nanos} after its delivery began, and with
   * {@code ages} the age of its events.
   */
  public void delivered(List<Event> batch, long nanos, boolean ages) {
    drainSuccess.add(batch.size());
    batchDurations.observeNanos(nanos);
    if (ages) {
      deliveryAges.record(batch);
    }
  }
}
