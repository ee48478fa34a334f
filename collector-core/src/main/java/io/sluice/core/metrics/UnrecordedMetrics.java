package io.sluice.core.metrics;

import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import java.util.List;

/**
 * Counters, histograms and event ages that record nothing: what an agent started with
 * {@code -Dsluice.internal.metrics.record=false} hands its components, so a benchmark can measure
 * what recording costs on the hot path (an A/B of one build; see docs/benchmarks.md). Not for
 * production: every count reads 0.
 */
final class UnrecordedMetrics {
  /** The JVM option that switches recording off; read once per registry. */
  static final String RECORD_PROPERTY = "sluice.internal.metrics.record";

  static final ComponentMetrics.Counter COUNTER = new ComponentMetrics.Counter() {
    @Override
    public void increment() {}

    @Override
    public void add(long delta) {}

    @Override
    public long get() {
      return 0;
    }
  };

  static final ComponentMetrics.Histogram HISTOGRAM = new ComponentMetrics.Histogram() {
    @Override
    public void observeNanos(long nanos) {}

    @Override
    public long count() {
      return 0;
    }

    @Override
    public double sum() {
      return 0;
    }
  };

  static final ComponentMetrics.EventAges EVENT_AGES = (List<Event> events) -> {};

  /** Whether this JVM records metrics: true unless the option says {@code false}. */
  static boolean recordingEnabled() {
    return !"false".equals(System.getProperty(RECORD_PROPERTY));
  }

  private UnrecordedMetrics() {}
}
