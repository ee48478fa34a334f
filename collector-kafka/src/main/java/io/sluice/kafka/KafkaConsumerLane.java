package io.sluice.kafka;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.PollableSource;
import io.sluice.api.Status;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.runner.FailureLog;
import io.sluice.core.source.SourceCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a {@link KafkaSource}, stepped by a runner thread of its own. One {@code
 * process()} polls until {@code batchSize} records or {@code batchDurationMillis} have passed, hands
 * the events to the channel processor in one call, and only after the channels committed commits
 * the consumer offsets to Kafka: asynchronously, in order, at most once per {@code
 * offsetCommitIntervalMillis} while records keep coming and at once when a poll finds none, and
 * synchronously for what is still unconfirmed when partitions are revoked or the lane stops
 * ({@link AcceptedOffsets}). Auto-commit is off, so a crash between the channel commit and Kafka's
 * repeats the records since the last commit (duplicates, never loss).
 *
 * <p>A channel that refuses the batch rewinds the consumer to the batch's first offsets and
 * returns BACKOFF. A rebalance that takes partitions away drops their records from the batch in
 * flight, which were never committed anywhere, so the new owner consumes them from the committed
 * offset. A record that cannot be decoded ({@code useFlumeEventFormat}) is reported once and
 * counted, then skipped (its offset committed with the batch) or, with {@code undecodableRecords =
 * stop}, its partition is paused just before it while the other partitions go on.
 *
 * <p>The consumer is made in {@link #start()}, used only by the lane's runner thread in {@code
 * process()} (the runner stops before {@link #stop()} closes it). Its heartbeat thread is Kafka's own
 * and ends with {@code close}.
 */
final class KafkaConsumerLane implements PollableSource {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  /** How long the consumer may have no broker connection before the source says Kafka is unreachable. */
  private static final long NO_CONNECTION_GRACE_MILLIS = 5_000;
  private final String name;
  private final KafkaSourceConfig config;
  private final ChannelProcessor channelProcessor;
  private final Supplier<Consumer<String, byte[]>> consumerFactory;
  private final Clock clock;
  private final SourceCounters counters;
  private final ComponentMetrics.Counter emptyPolls;
  private final RecordDecoder decoder;
  private final FailureLog failureLog;
  private final InFlightBatch batch = new InFlightBatch();
  private final AcceptedOffsets accepted;
  private final KafkaOutageLog outage;
  private long noConnectionSince = -1;
  private Consumer<String, byte[]> consumer;

  /**
   * @param name the lane in logs: the source's name, with the consumer's number when it has several
   * @param counters the source's counters, which its lanes share
   * @param outage the source's outage log, which its lanes share, so an outage is one line
   */
  KafkaConsumerLane(String name, KafkaSourceConfig config, ChannelProcessor channelProcessor,
      Supplier<Consumer<String, byte[]>> consumerFactory, Clock clock, ComponentMetrics metrics,
      SourceCounters counters, KafkaOutageLog outage) {
    this.name = name;
    this.config = config;
    this.channelProcessor = channelProcessor;
    this.consumerFactory = consumerFactory;
    this.clock = clock;
    this.counters = counters;
    this.emptyPolls = metrics.counter("KafkaEmptyCount");
    this.decoder = new RecordDecoder("source " + name, config.useFlumeEventFormat(),
        config.undecodableRecords(), config.setTopicHeader(), config.topicHeader(),
        new KafkaHeaderMapping(config.kafkaHeaders()), clock, metrics);
    this.failureLog = new FailureLog(LOG, "source " + name);
    this.outage = outage;
    OffsetCommitLog commits = new OffsetCommitLog(LOG, "Source " + name, outage, metrics.counter("KafkaCommitFailureCount"),
        clock, NO_CONNECTION_GRACE_MILLIS);
    this.accepted = new AcceptedOffsets(commits, clock, config.offsetCommitInterval());
  }

  /** Makes the consumer and subscribes it; the caller logs what the source consumes. */
  @Override
  public synchronized void start() {
    consumer = consumerFactory.get();
    Consumer<String, byte[]> c = consumer;
    InFlightRebalances listener = new InFlightRebalances("source " + name, batch,
        revoked -> accepted.commitSync(c, revoked, CLOSE_TIMEOUT), accepted::forget);
    if (config.topicPattern() != null) {
      consumer.subscribe(config.topicPattern(), listener);
    } else {
      consumer.subscribe(config.topics(), listener);
    }
  }

  @Override
  public Status process() {
    try {
      fill();
    } catch (KafkaException e) {
      failureLog.failed(e);
      rewind();
      return Status.BACKOFF;
    }
    if (batch.isEmpty()) {
      emptyPolls.increment();
      watchConnections();
      accepted.flush(consumer);
      return Status.BACKOFF;
    }
    int size = batch.events().size();
    counters.received(size);
    if (size > 0) {
      try {
        channelProcessor.processEventBatch(batch.events());
      } catch (ChannelException e) {
        failureLog.failed(e);
        rewind();
        return Status.BACKOFF;
      }
      counters.accepted(size);
    }
    commit(batch.commitOffsets());
    batch.clearBatch();
    failureLog.succeeded();
    return Status.READY;
  }

  private void fill() {
    long deadline = clock.millis() + config.batchDurationMillis();
    while (true) {
      while (batch.hasPending() && batch.events().size() < config.batchSize()) {
        ConsumerRecord<String, byte[]> r = batch.nextPending();
        Event event = decoder.decode(r);
        if (event == null && decoder.policy() == UndecodableRecords.STOP) {
          halt(r);
        } else {
          batch.take(r, event);
        }
      }
      long left = deadline - clock.millis();
      if (batch.events().size() >= config.batchSize() || left <= 0) {
        return;
      }
      ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(left));
      if (polled.isEmpty()) {
        accepted.flush(consumer); // nothing new: what the commit interval held back goes now
      } else {
        accepted.retry(consumer); // once the interval passed, also while a full channel refuses batches
      }
      batch.addPolled(polled);
    }
  }

  /**
   * A consumer whose brokers are all down polls empty without an error; what tells is that it holds
   * no connection. Past a grace period (so connecting at start is no outage) that is one outage line.
   */
  private void watchConnections() {
    if (connectionCount() > 0) {
      noConnectionSince = -1;
      outage.reachable();
      return;
    }
    long now = clock.millis();
    if (noConnectionSince < 0) {
      noConnectionSince = now;
    } else if (now - noConnectionSince >= NO_CONNECTION_GRACE_MILLIS) {
      outage.unreachable("the consumer has had no connection to any broker for "
          + (now - noConnectionSince) / 1000 + " s");
    }
  }

  private double connectionCount() {
    for (Map.Entry<MetricName, ? extends Metric> m : consumer.metrics().entrySet()) {
      if ("connection-count".equals(m.getKey().name()) && "consumer-metrics".equals(m.getKey().group())
          && m.getValue().metricValue() instanceof Double count) {
        return count;
      }
    }
    return 1; // no such metric: assume connected rather than report an outage that may not be
  }

  /**
   * Commits the batch's offsets without waiting ({@link AcceptedOffsets}): the events are in the
   * channel, so a failure only risks duplicates.
   */
  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    accepted.commitAsync(consumer, offsets);
  }

  /** Stops consuming {@code r}'s partition just before it (undecodableRecords = stop). */
  private void halt(ConsumerRecord<String, byte[]> r) {
    TopicPartition tp = batch.haltAt(r);
    consumer.seek(tp, r.offset());
    consumer.pause(List.of(tp));
  }

  private void rewind() {
    // a halted partition may hold rewound records before its bad one: it resumes and halts again there
    consumer.resume(consumer.paused());
    Map<TopicPartition, Long> seekTo = batch.rewind();
    for (Map.Entry<TopicPartition, Long> e : seekTo.entrySet()) {
      try {
        consumer.seek(e.getKey(), e.getValue());
      } catch (IllegalStateException notAssigned) {
        LOG.debug("Source {}: {} is no longer assigned; its new owner resumes it", name, e.getKey());
      }
    }
  }

  @Override
  public long backoffSleepIncrement() {
    return config.backoffStepSize();
  }

  @Override
  public long maxBackoffSleep() {
    return config.maxBackoffSleep();
  }

  @Override
  public synchronized void stop() {
    if (consumer != null) {
      commitAccepted();
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      consumer = null;
    }
  }

  /**
   * Commits, and waits for, the offsets of records already in the channel that Kafka has not yet
   * confirmed. The source calls it on every lane before closing any: a consumer that leaves starts
   * a rebalance, in which the others' commits could be refused.
   */
  synchronized void commitAccepted() {
    if (consumer != null) {
      accepted.commitSync(consumer, null, CLOSE_TIMEOUT);
    }
  }
}
