package io.sluice.core.testutil;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Sink;
import io.sluice.api.Status;
import java.util.concurrent.atomic.AtomicInteger;

/** A scripted sink: counts successful and failed calls; fails while {@link #failing} is set. */
public final class FakeSink implements Sink {
  private final String name;
  private final AtomicInteger delivered = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private volatile boolean failing;
  private volatile Status status = Status.READY;

  public FakeSink(String name) {
    this.name = name;
  }

  public FakeSink failing(boolean value) {
    this.failing = value;
    return this;
  }

  public FakeSink returning(Status value) {
    this.status = value;
    return this;
  }

  @Override
  public Status process() throws EventDeliveryException {
    if (failing) {
      failed.incrementAndGet();
      throw new EventDeliveryException("sink " + name + " is down");
    }
    delivered.incrementAndGet();
    return status;
  }

  public int delivered() {
    return delivered.get();
  }

  public int failed() {
    return failed.get();
  }
}
