package io.sluice.core.metrics;

import io.sluice.api.spi.ComponentMetrics;
import java.util.List;

/**
 * What a {@code sequenceCheck} interceptor shows at {@code /sequence}: its windows, so that a tool
 * can merge those of every aggregator of a tier. Implementations are thread-safe.
 */
public interface SequenceExport {

  /** Numbers remembered per stream below its highest. */
  int window();

  /** Streams dropped to stay within the configured maximum (their numbers are unknown now). */
  long evicted();

  /**
   * At most {@code maxStreams} streams, with at most {@code maxRuns} runs in all: streams past
   * that budget come without runs.
   */
  List<SequenceStreamWindow> streams(int maxStreams, int maxRuns);

  /**
   * Makes {@code export} visible at {@code /sequence} under the component whose metrics these
   * are; a no-op for metrics that are not an agent's (a test's own).
   */
  static void register(ComponentMetrics metrics, SequenceExport export) {
    if (metrics instanceof ComponentMetricsGroup group) {
      group.sequenceExport(export);
    }
  }
}
