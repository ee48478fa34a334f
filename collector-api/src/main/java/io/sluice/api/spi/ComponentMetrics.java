package io.sluice.api.spi;

import java.util.function.LongSupplier;

/**
 * A component's counters and gauges, registered under its name in the agent's own registry (never a
 * JVM-global one, so several agents can share a JVM). Counter names follow Flume's
 * ({@code EventReceivedCount}, {@code EventDrainSuccessCount}, ...). Thread-safe.
 */
public interface ComponentMetrics {

  Counter counter(String name);

  void gauge(String name, LongSupplier value);

  /** A monotonically increasing count. */
  interface Counter {
    void increment();

    void add(long delta);

    long get();
  }
}
