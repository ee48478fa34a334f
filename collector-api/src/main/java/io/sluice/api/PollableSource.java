package io.sluice.api;

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
}
