package io.sluice.aggregator.hdfs;

import io.sluice.api.spi.ComponentMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs events that cannot be written where their headers say ({@link
 * BadEventException}): one warning when they start, naming the cause (header and value, escaped),
 * again at most every {@link #REMIND_MILLIS} while they go on, and one line when a batch has none
 * again; never one per event. Whether they are dropped or written under {@code hdfs.badEventPath}
 * is the sink's choice. Runner-thread confined.
 */
final class BadEvents {
  private static final Logger LOG = LoggerFactory.getLogger(BadEvents.class);
  static final long REMIND_MILLIS = 5 * 60_000;
  private final String sinkName;
  private final String badEventPath;
  private final ComponentMetrics.Counter count;
  // sluice_events_dropped{reason="bad_path"}: only when there is no bad-event path to keep them.
  private final ComponentMetrics.Counter dropped;
  private boolean failing;
  private long sinceStart;
  private long sinceWarning;
  private long warnedAt;

  BadEvents(String sinkName, String badEventPath, ComponentMetrics metrics) {
    this.sinkName = sinkName;
    this.badEventPath = badEventPath;
    this.count = metrics.counter("EventBadCount");
    this.dropped = badEventPath.isEmpty()
        ? metrics.dropped(ComponentMetrics.DropReason.BAD_PATH) : null;
  }

  void seen(BadEventException e, long nowMillis) {
    count.increment();
    if (dropped != null) {
      dropped.increment();
    }
    sinceStart++;
    sinceWarning++;
    if (!failing) {
      failing = true;
      warnedAt = nowMillis;
      sinceWarning = 0;
      LOG.warn("Sink {}: {}; such events are {} and counted in EventBadCount", sinkName,
          e.getMessage(), badEventPath.isEmpty() ? "dropped (set hdfs.badEventPath to keep them)"
              : "written under hdfs.badEventPath " + badEventPath);
    } else if (nowMillis - warnedAt >= REMIND_MILLIS) {
      LOG.warn("Sink {}: {} more bad event(s) in the last {} s ({} since they started), latest: {}",
          sinkName, sinceWarning, (nowMillis - warnedAt) / 1000, sinceStart, e.getMessage());
      warnedAt = nowMillis;
      sinceWarning = 0;
    }
  }

  /** Called after each batch with whether it had bad events. */
  void batchDone(boolean hadBad) {
    if (failing && !hadBad) {
      LOG.info("Sink {}: events resolve to paths again after {} bad event(s)", sinkName, sinceStart);
      failing = false;
      sinceStart = 0;
    }
  }

  long count() {
    return count.get();
  }
}
