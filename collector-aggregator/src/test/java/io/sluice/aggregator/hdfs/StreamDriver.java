package io.sluice.aggregator.hdfs;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives a sink on its own thread as a runner would (process() in a loop, failures counted, not
 * thrown) until told to finish and the channel is empty. Test-only.
 */
final class StreamDriver implements AutoCloseable {
  private final SinkHarness harness;
  private final Thread thread;
  private final AtomicBoolean finish = new AtomicBoolean();
  final AtomicInteger failures = new AtomicInteger();
  final AtomicInteger batches = new AtomicInteger();
  final AtomicReference<EventDeliveryException> lastFailure = new AtomicReference<>();
  private volatile boolean done;

  StreamDriver(SinkHarness harness) {
    this.harness = harness;
    this.thread = new Thread(this::loop, "test-sink-driver");
    thread.start();
  }

  private void loop() {
    while (!(finish.get() && harness.channel.size() == 0) && !Thread.currentThread().isInterrupted()) {
      try {
        if (harness.sink.process() == Status.READY) {
          batches.incrementAndGet();
        } else {
          Thread.onSpinWait();
        }
      } catch (EventDeliveryException e) {
        failures.incrementAndGet();
        lastFailure.set(e);
      }
    }
    done = true;
  }

  /** Lets the loop end once the channel is empty. */
  void finishWhenEmpty() {
    finish.set(true);
  }

  boolean isDone() {
    return done;
  }

  @Override
  public void close() throws InterruptedException {
    finish.set(true);
    thread.interrupt();
    thread.join(30_000);
  }
}
