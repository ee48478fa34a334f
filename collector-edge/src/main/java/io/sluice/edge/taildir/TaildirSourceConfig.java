package io.sluice.edge.taildir;

import io.sluice.api.config.BatchSized;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code TAILDIR} source's settings: Flume 1.11's keys with its defaults, plus Sluice's bounds.
 *
 * @param groups {@code filegroups} with {@code filegroups.<fg>} and {@code headers.<fg>.<key>}
 * @param positionFile {@code positionFile} (~/.flume/taildir_position.json), Flume's JSON
 * @param byteOffsetHeader {@code byteOffsetHeader} (false): header {@code byteoffset}
 * @param skipToEnd {@code skipToEnd} (false): files without a position start at their end
 * @param idleTimeoutMillis {@code idleTimeout} (120000): an idle file's descriptor is closed, and
 *     an unterminated last line idle this long is emitted
 * @param writePosIntervalMillis {@code writePosInterval} (3000)
 * @param batchSize {@code batchSize} (100)
 * @param maxBatchCount {@code maxBatchCount} (Long.MAX_VALUE): batches from one file in a row
 * @param backoffSleepIncrement {@code backoffSleepIncrement} (1000 ms), after a refused batch
 * @param maxBackoffSleep {@code maxBackoffSleep} (5000 ms)
 * @param cachePatternMatching {@code cachePatternMatching} (true): list a directory only when its
 *     modification time changed
 * @param fileHeader {@code fileHeader} (false)
 * @param fileHeaderKey {@code fileHeaderKey} (file)
 * @param pollIntervalMillis {@code pollInterval} (1000): the longest wait between looks at the
 *     files; the OS's file watch wakes the source earlier
 * @param maxLineLength {@code maxLineLength} (1 MiB): longer lines are cut (header
 *     {@code sluice.truncated}) and the rest up to the newline is skipped and counted
 * @param maxOpenFiles {@code maxOpenFiles}: file descriptors the source may hold
 * @param retiredRetentionMillis {@code retiredRetention} (1 h): how long a deleted or renamed-away
 *     file with unread bytes is kept open; then its rest is given up and counted
 * @param copytruncate {@code copytruncate} (auto): on truncation, find the copy by its first bytes
 * @param multiline {@code multiline.*}: how lines join into one event; null when off
 * @param checkpointOnDelivery {@code checkpointOn} (delivered): a position is saved once sinks
 *     took the lines out of a memory channel; {@code channel}: once the channel committed (Flume)
 */
record TaildirSourceConfig(
    List<FileGroup> groups,
    Path positionFile,
    boolean byteOffsetHeader,
    boolean skipToEnd,
    long idleTimeoutMillis,
    long writePosIntervalMillis,
    int batchSize,
    long maxBatchCount,
    long backoffSleepIncrement,
    long maxBackoffSleep,
    boolean cachePatternMatching,
    boolean fileHeader,
    String fileHeaderKey,
    long pollIntervalMillis,
    int maxLineLength,
    int maxOpenFiles,
    long retiredRetentionMillis,
    boolean copytruncate,
    MultilineConfig multiline,
    boolean checkpointOnDelivery) implements BatchSized {

  TaildirSourceConfig {
    groups = List.copyOf(groups);
  }

  /**
   * How long a retired file must be quiet before it is done: its held unterminated line is then
   * emitted and it is closed. Its writer may still hold it open and finish the line meanwhile.
   */
  long retiredQuietMillis() {
    return Math.min(idleTimeoutMillis, 5_000);
  }

  @Override
  public String batchSizeKey() {
    return "batchSize";
  }
}
