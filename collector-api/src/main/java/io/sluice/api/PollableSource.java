package io.sluice.api;

import java.util.List;

/**
 * A source stepped by the runtime: {@link #process()} moves at most one batch. On
 * {@link Status#BACKOFF} or an exception the runner sleeps, growing by
 * {@link #backoffSleepIncrement()} up to {@link #maxBackoffSleep()}. Called from one thread.
 */
public interface PollableSource extends Source {

  Status process() throws EventDeliveryException;

  default long backoffSleepIncrement() {
    return 1000;
  }

  default long maxBackoffSleep() {
    return 5000;
  }

  /**
   * The parts of this source that the runtime steps side by side, each on a runner thread of its
   * own, between {@link #start()} and {@link #stop()}: a source whose work splits into independent
   * parts (the consumers of one Kafka group, each with its own partitions) returns them, so one
   * part's wait for a channel commit does not hold up the others. Each lane is called from one
   * thread only and backs off on its own. The default, this source alone, is Flume's one runner.
   */
  default List<? extends PollableSource> lanes() {
    return List.of(this);
  }
}
