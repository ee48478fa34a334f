package io.sluice.edge.syslog;

import io.sluice.api.ChannelFullException;
import io.sluice.api.OversizedBatchException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * The most events a source puts in one transaction: its {@code batchSize}, or less when a channel's
 * {@code transactionCapacity} known at start is smaller, until a channel refuses a batch for a
 * reason other than being full, then the channel's {@code transactionCapacity} when
 * it says so ({@link OversizedBatchException#maxEvents}), else half of that batch, down to one
 * event. (A batch over a channel's byte budget is split by its connection alone: one large event
 * must not make every later batch small.) Flume's
 * syslog sources put one event per transaction, so a Flume config may give the channel a {@code
 * transactionCapacity} below Sluice's default batch; such a config then works with smaller batches
 * (one WARN line per halving) instead of being refused over and over. Thread-safe: shared by
 * a source's connections.
 */
final class BatchLimit {
  private final String source;
  private final Logger log;
  private final AtomicInteger limit;

  /**
   * @param channelsTake the most events one transaction of every channel of the source takes
   *     ({@link io.sluice.api.ChannelProcessor#maxBatchEvents}): a smaller limit from the start, so
   *     that no batch is refused for its size by one channel after others took it
   */
  BatchLimit(String source, Logger log, int batchSize, int channelsTake) {
    this.source = source;
    this.log = log;
    this.limit = new AtomicInteger(Math.max(1, Math.min(batchSize, channelsTake)));
    if (channelsTake < batchSize) {
      log.info("Source {}: batchSize {} is more than a channel's transactionCapacity {}; putting"
          + " at most {} events per transaction", source, batchSize, channelsTake, limit.get());
    }
  }

  int get() {
    return limit.get();
  }

  /**
   * After a put of {@code tried} events failed with {@code e}: true when the failure may be the
   * batch's size (not a full channel) and the limit is now smaller, so a retry at once may pass.
   */
  boolean shrinkAfter(RuntimeException e, int tried) {
    if (e instanceof ChannelFullException || tried <= 1) {
      return false;
    }
    // a channel that says how many events its transactions take is taken at its word
    int smaller = e instanceof OversizedBatchException o && o.maxEvents() > 0
        ? Math.min(o.maxEvents(), tried - 1) : Math.max(1, tried / 2);
    int before = limit.getAndAccumulate(smaller, Math::min);
    if (smaller < before) {
      log.warn("Source {}: a channel refused a batch of {} events ({}); putting at most {} per"
          + " transaction from now on (raise the channel's transactionCapacity or set batchSize)",
          source, tried, e.getMessage(), smaller);
    }
    return true;
  }
}
