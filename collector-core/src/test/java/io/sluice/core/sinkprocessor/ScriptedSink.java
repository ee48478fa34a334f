package io.sluice.core.sinkprocessor;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.ProbeableSink;
import io.sluice.api.Status;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A probeable fake member: can fail, hold its batch until a gate opens, and answer probes or not.
 * Records how many batches it carried at once.
 */
final class ScriptedSink implements ProbeableSink {
  final String name;
  final AtomicInteger batches = new AtomicInteger();
  final AtomicInteger failures = new AtomicInteger();
  final AtomicInteger probes = new AtomicInteger();
  final AtomicInteger inside = new AtomicInteger();
  final AtomicInteger mostInside = new AtomicInteger();
  volatile boolean failing;
  volatile boolean answering = true;
  volatile CountDownLatch gate;

  ScriptedSink(String name) {
    this.name = name;
  }

  @Override
  public Status process() throws EventDeliveryException {
    int now = inside.incrementAndGet();
    mostInside.accumulateAndGet(now, Math::max);
    try {
      CountDownLatch g = gate;
      if (g != null && !g.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never opened");
      }
      if (failing) {
        failures.incrementAndGet();
        throw new EventDeliveryException("peer of " + name + " refused the connection");
      }
      batches.incrementAndGet();
      return Status.READY;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventDeliveryException("interrupted", e);
    } finally {
      inside.decrementAndGet();
    }
  }

  @Override
  public boolean probe() {
    probes.incrementAndGet();
    return answering;
  }

  @Override
  public String peer() {
    return "10.0.0.1:" + name;
  }
}
