package io.sluice.core.channel.memory;

import io.sluice.api.config.ChannelLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * The typed settings of a {@code memory} channel, Flume's keys. Immutable.
 *
 * @param capacity most events held (stored plus taken but not yet committed)
 * @param transactionCapacity most puts, and most takes, in one transaction
 * @param byteCapacity body bytes allowed in the channel before the buffer is set aside; 0 means
 *     unlimited. Headers are not counted (as in Flume).
 * @param byteCapacityBufferPercentage share of {@code byteCapacity} reserved for headers
 * @param keepAlive how long a commit waits for room and a take waits for an event
 * @param takeLinger how long a batch take that found events waits for the rest of its batch;
 *     zero takes what is there at once
 */
public record MemoryChannelConfig(
    long capacity,
    int transactionCapacity,
    long byteCapacity,
    int byteCapacityBufferPercentage,
    Duration keepAlive,
    Duration takeLinger)
    implements ChannelLimits {

  /** The default {@code takeLingerMillis}: short enough to go unnoticed, long enough to batch. */
  public static final Duration DEFAULT_TAKE_LINGER = Duration.ofMillis(1);

  public MemoryChannelConfig {
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(takeLinger, "takeLinger");
    if (takeLinger.isNegative()) {
      throw new IllegalArgumentException("negative takeLinger " + takeLinger);
    }
    if (capacity < 1 || transactionCapacity < 1 || transactionCapacity > capacity) {
      throw new IllegalArgumentException("need 1 <= transactionCapacity (" + transactionCapacity
          + ") <= capacity (" + capacity + ")");
    }
    if (byteCapacity < 0 || byteCapacityBufferPercentage < 0 || byteCapacityBufferPercentage > 100
        || keepAlive.isNegative()) {
      throw new IllegalArgumentException("negative byteCapacity or keepAlive, or a "
          + "byteCapacityBufferPercentage outside 0..100: " + byteCapacity + ", " + keepAlive
          + ", " + byteCapacityBufferPercentage);
    }
  }

  /** With the default take linger. */
  public MemoryChannelConfig(long capacity, int transactionCapacity, long byteCapacity,
      int byteCapacityBufferPercentage, Duration keepAlive) {
    this(capacity, transactionCapacity, byteCapacity, byteCapacityBufferPercentage, keepAlive,
        DEFAULT_TAKE_LINGER);
  }

  /** Flume's default byteCapacity: 80% of the JVM's maximum heap. */
  public static long defaultByteCapacity() {
    return Runtime.getRuntime().maxMemory() / 10 * 8;
  }

  /**
   * Body bytes the channel may hold: {@code byteCapacity * (1 - byteCapacityBufferPercentage/100)},
   * rounded down, or {@link Long#MAX_VALUE} when byteCapacity is 0 (unlimited).
   */
  public long usableBodyBytes() {
    if (byteCapacity == 0) {
      return Long.MAX_VALUE;
    }
    long keep = 100 - byteCapacityBufferPercentage;
    // Split to avoid overflow for byteCapacity near Long.MAX_VALUE.
    return byteCapacity / 100 * keep + byteCapacity % 100 * keep / 100;
  }
}
