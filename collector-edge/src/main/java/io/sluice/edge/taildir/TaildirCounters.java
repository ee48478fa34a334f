package io.sluice.edge.taildir;

import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TAILDIR source's counters: Flume's source names plus what Sluice makes visible, above all
 * every byte it gave up and why, so loss can be measured. Thread-safe.
 */
final class TaildirCounters {
  final Counter eventsReceived;
  final Counter eventsAccepted;
  final Counter batchesReceived;
  final Counter batchesAccepted;
  final Counter channelWriteFail;
  final Counter bytesRead;
  final Counter linesTruncated;
  final Counter partialLinesEmitted;
  final Counter renames;
  final Counter truncations;
  final Counter copiesFollowed;
  /** Bytes a truncation removed before they were read (the copy was not found). */
  final Counter bytesLostToTruncation;
  /** Bytes of a deleted or renamed-away file given up when its retention ran out. */
  final Counter bytesAbandoned;
  final Counter positionWriteFailures;
  final Counter openFileLimitWaits;
  final Counter fileReadErrors;
  /** Gauges, set by the source's thread after each round. */
  final AtomicLong openFiles = new AtomicLong();
  final AtomicLong trackedFiles = new AtomicLong();
  final AtomicLong unreadBytes = new AtomicLong();
  /** The oldest last-modified time (epoch ms) of a file with unread bytes; 0 when none has any. */
  final AtomicLong oldestUnreadMtime = new AtomicLong();
  /** 1 while the source polls its open files' sizes instead of taking an event per write. */
  final AtomicLong sizePolling = new AtomicLong();

  /** @param clock ages {@link #oldestUnreadMtime} at scrape time, so the age grows between scans */
  TaildirCounters(ComponentMetrics m, Clock clock) {
    eventsReceived = m.counter("EventReceivedCount");
    eventsAccepted = m.counter("EventAcceptedCount");
    batchesReceived = m.counter("AppendBatchReceivedCount");
    batchesAccepted = m.counter("AppendBatchAcceptedCount");
    channelWriteFail = m.counter("ChannelWriteFail");
    bytesRead = m.counter("BytesReadCount");
    linesTruncated = m.counter("LinesTruncatedCount");
    partialLinesEmitted = m.counter("PartialLinesEmittedCount");
    renames = m.counter("FilesRenamedCount");
    truncations = m.counter("FilesTruncatedCount");
    copiesFollowed = m.counter("CopiesFollowedCount");
    bytesLostToTruncation = m.counter("BytesLostToTruncationCount");
    bytesAbandoned = m.counter("BytesAbandonedCount");
    positionWriteFailures = m.counter("PositionWriteFailureCount");
    openFileLimitWaits = m.counter("OpenFileLimitWaitCount");
    fileReadErrors = m.counter("FileReadErrorCount");
    m.gauge("OpenFiles", openFiles::get);
    m.gauge("TrackedFiles", trackedFiles::get);
    m.gauge("UnreadBytes", unreadBytes::get);
    m.gauge("SizePolling", sizePolling::get);
    m.sluiceGauge("oldest_unread_age_seconds", () -> {
      long oldest = oldestUnreadMtime.get();
      return oldest == 0 ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    });
  }
}
