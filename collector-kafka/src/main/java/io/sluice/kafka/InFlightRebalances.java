package io.sluice.kafka;

import java.util.Collection;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link InFlightBatch} right across rebalances: partitions revoked or lost are dropped
 * from it, as they were never committed and their next owner consumes them from the committed
 * offset (nothing lost or skipped; records already handed on may come twice). Runs inside
 * {@code poll}, on the consumer's thread.
 */
final class InFlightRebalances implements ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(InFlightRebalances.class);
  private final String component;
  private final InFlightBatch batch;
  private final Consumer<Collection<TopicPartition>> beforeRevoke;
  private final Consumer<Collection<TopicPartition>> onLost;

  /** @param component who consumes, for logs ({@code source r1}, {@code channel c1}) */
  InFlightRebalances(String component, InFlightBatch batch) {
    this(component, batch, p -> { }, p -> { });
  }

  /**
   * @param beforeRevoke runs first when partitions are revoked, while they are still this member's
   *     (e.g. to commit offsets of records already in the channel)
   * @param onLost runs when partitions are lost (their commits can no longer succeed)
   */
  InFlightRebalances(String component, InFlightBatch batch, Consumer<Collection<TopicPartition>> beforeRevoke,
      Consumer<Collection<TopicPartition>> onLost) {
    this.component = component;
    this.batch = batch;
    this.beforeRevoke = beforeRevoke;
    this.onLost = onLost;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      beforeRevoke.accept(partitions);
    }
    dropped(partitions, "revoked");
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    onLost.accept(partitions);
    dropped(partitions, "lost");
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    LOG.info("{}: {} assigned {}", component, Thread.currentThread().getName(), partitions);
  }

  private void dropped(Collection<TopicPartition> partitions, String how) {
    if (!partitions.isEmpty()) {
      int n = batch.drop(partitions);
      LOG.info("{}: partitions {} {}; dropped {} uncommitted records in flight (their next owner"
          + " consumes them from the committed offset)", component, partitions, how, n);
    }
  }
}
