package io.sluice.core.metrics;

import io.sluice.api.spi.ComponentMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters (striped adders, cheap on hot paths) and gauges of one component, with the component's
 * type and its last start and stop times (Flume's {@code StartTime}/{@code StopTime}).
 */
final class ComponentMetricsGroup implements ComponentMetrics {
  private final Map<String, AdderCounter> counters = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
  private volatile String componentType = "";
  private volatile long startTime;
  private volatile long stopTime;

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

  /** The counters only: monotonic values that outlive the component's restarts. */
  Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((n, c) -> out.put(n, c.get()));
    return out;
  }

  /** The gauges only, read now. */
  Map<String, Long> gauges() {
    Map<String, Long> out = new TreeMap<>();
    gauges.forEach((n, g) -> out.put(n, g.getAsLong()));
    return out;
  }

  void started(String type, long epochMillis) {
    componentType = type;
    startTime = epochMillis;
    stopTime = 0;
  }

  void stopped(long epochMillis) {
    stopTime = epochMillis;
  }

  String componentType() {
    return componentType;
  }

  long startTime() {
    return startTime;
  }

  long stopTime() {
    return stopTime;
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
