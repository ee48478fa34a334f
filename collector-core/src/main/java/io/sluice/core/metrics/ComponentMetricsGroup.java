package io.sluice.core.metrics;

import io.sluice.api.spi.ComponentMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Counters (striped adders, cheap on hot paths) and gauges of one component. */
final class ComponentMetricsGroup implements ComponentMetrics {
  private final Map<String, AdderCounter> counters = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

  @Override
  public Counter counter(String name) {
    return counters.computeIfAbsent(name, n -> new AdderCounter());
  }

  @Override
  public void gauge(String name, LongSupplier value) {
    gauges.put(name, value);
  }

  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((n, c) -> out.put(n, c.get()));
    gauges.forEach((n, g) -> out.put(n, g.getAsLong()));
    return out;
  }

  private static final class AdderCounter implements Counter {
    private final LongAdder adder = new LongAdder();

    @Override
    public void increment() {
      adder.increment();
    }

    @Override
    public void add(long delta) {
      adder.add(delta);
    }

    @Override
    public long get() {
      return adder.sum();
    }
  }
}
