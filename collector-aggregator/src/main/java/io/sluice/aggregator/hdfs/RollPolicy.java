package io.sluice.aggregator.hdfs;

/**
 * When a file is complete: Flume's {@code hdfs.rollInterval}, {@code rollSize} and {@code rollCount},
 * whichever comes first; 0 switches a trigger off. Size counts event body bytes, as Flume does.
 * Immutable; thread-safe.
 *
 * @param intervalMillis the most time a file stays open
 * @param size the body bytes after which a file is complete
 * @param count the events after which a file is complete
 */
public record RollPolicy(long intervalMillis, long size, long count) {

  /** True when a file holding this much must not take another event. */
  public boolean isFull(long events, long bytes) {
    return (count > 0 && events >= count) || (size > 0 && bytes >= size);
  }

  /** True when a file opened at {@code openedAt} has been open for the roll interval. */
  public boolean isExpired(long openedAt, long now) {
    return intervalMillis > 0 && now - openedAt >= intervalMillis;
  }
}
