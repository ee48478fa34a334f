package io.sluice.core.metrics;

import io.sluice.api.spi.ComponentMetrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Counters (striped adders, cheap on hot paths) and gauges of one component, with the component's
 * type and its last start and stop times (Flume's {@code StartTime}/{@code StopTime}); and apart
 * from those (so Flume's JSON and JMX keep Flume's key set), Sluice's drop counters, histograms,
 * event ages and gauges, which only the Prometheus exposition shows.
 */
final class ComponentMetricsGroup implements ComponentMetrics {
  private final Map<String, AdderCounter> counters = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
  private final Map<DropReason, AdderCounter> dropped = new ConcurrentHashMap<>();
  private final Map<Timing, SecondsHistogram> histograms = new ConcurrentHashMap<>();
  private final Map<AgeStage, EventAgeRecorder> ages = new ConcurrentHashMap<>();
  private final Map<String, DoubleSupplier> sluiceGauges = new ConcurrentHashMap<>();
  private final LongSupplier clockMillis;
  /** False only in a benchmark's baseline agent: its recorders record nothing. */
  private final boolean recording;
  private volatile String componentType = "";
  private volatile long startTime;
  private volatile long stopTime;
  private volatile SequenceExport sequenceExport;

  ComponentMetricsGroup(LongSupplier clockMillis, boolean recording) {
    this.clockMillis = clockMillis;
    this.recording = recording;
  }

  void sequenceExport(SequenceExport export) {
    this.sequenceExport = export;
  }

  /** The component's sequence windows, or null when it has none. */
  SequenceExport sequenceExport() {
    return sequenceExport;
  }

  @Override
  public Counter counter(String name) {
    if (!recording) {
      return UnrecordedMetrics.COUNTER;
    }
    return counters.computeIfAbsent(name, n -> new AdderCounter());
  }

  @Override
  public void gauge(String name, LongSupplier value) {
    gauges.put(name, value);
  }

  @Override
  public Counter dropped(DropReason reason) {
    if (!recording) {
      return UnrecordedMetrics.COUNTER;
    }
    return dropped.computeIfAbsent(reason, r -> new AdderCounter());
  }

  @Override
  public Histogram histogram(Timing timing) {
    if (!recording) {
      return UnrecordedMetrics.HISTOGRAM;
    }
    return histograms.computeIfAbsent(timing, t -> new SecondsHistogram(
        t == Timing.SINK_BATCH ? SecondsHistogram.BATCH_BOUNDS : SecondsHistogram.COMMIT_BOUNDS));
  }

  @Override
  public EventAges eventAges(AgeStage stage) {
    if (!recording) {
      return UnrecordedMetrics.EVENT_AGES;
    }
    return ages.computeIfAbsent(stage, s -> new EventAgeRecorder(clockMillis));
  }

  @Override
  public void sluiceGauge(String name, DoubleSupplier value) {
    sluiceGauges.put(name, value);
  }

  Map<DropReason, Long> droppedCounts() {
    Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
    dropped.forEach((r, c) -> out.put(r, c.get()));
    return out;
  }

  Map<Timing, SecondsHistogram> histograms() {
    Map<Timing, SecondsHistogram> out = new EnumMap<>(Timing.class);
    out.putAll(histograms);
    return out;
  }

  Map<AgeStage, EventAgeRecorder> eventAges() {
    Map<AgeStage, EventAgeRecorder> out = new EnumMap<>(AgeStage.class);
    out.putAll(ages);
    return out;
  }

  /** Sluice's own gauges, read now. */
  Map<String, Double> sluiceGauges() {
    Map<String, Double> out = new TreeMap<>();
    sluiceGauges.forEach((n, g) -> out.put(n, g.getAsDouble()));
    return out;
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
