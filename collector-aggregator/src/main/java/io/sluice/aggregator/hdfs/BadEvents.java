package io.sluice.aggregator.hdfs;

import io.sluice.api.spi.ComponentMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs events whose path cannot be resolved ({@link BadEventException}): one warning
 * when they start, one line when a batch has none again, never one per event. Whether they are
 * dropped or written under {@code hdfs.badEventPath} is the sink's choice. Runner-thread confined.
 */
final class BadEvents {
  private static final Logger LOG = LoggerFactory.getLogger(BadEvents.class);
  private final String sinkName;
  private final String badEventPath;
  private final ComponentMetrics.Counter count;
  private boolean failing;
  private long sinceWarning;

  BadEvents(String sinkName, String badEventPath, ComponentMetrics metrics) {
    this.sinkName = sinkName;
    this.badEventPath = badEventPath;
    this.count = metrics.counter("EventBadCount");
  }

  void seen(BadEventException e) {
    count.increment();
    sinceWarning++;
    if (!failing) {
      failing = true;
      LOG.warn("Sink {}: {}; such events are {} and counted in EventBadCount", sinkName,
          e.getMessage(), badEventPath.isEmpty() ? "dropped (set hdfs.badEventPath to keep them)"
              : "written under hdfs.badEventPath " + badEventPath);
    }
  }

  /** Called after each batch with whether it had bad events. */
  void batchDone(boolean hadBad) {
    if (failing && !hadBad) {
      LOG.info("Sink {}: events resolve to paths again after {} bad event(s)", sinkName, sinceWarning);
      failing = false;
      sinceWarning = 0;
    }
  }

  long count() {
    return count.get();
  }
}
