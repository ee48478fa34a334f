package io.sluice.kafka;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.sink.BatchSink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's Kafka sink: one {@code process()} takes up to {@code flumeBatchSize} events in one channel
 * transaction, sends each as a record, and commits the take only after Kafka acknowledged every
 * record of the batch (as {@code kafka.producer.acks} defines it). A failed send, a timeout or a
 * malformed partition/timestamp header rolls the whole batch back ({@link BatchSink}); the runner
 * backs off and the batch is sent again, so records can be duplicated but never lost. A batch
 * still unacknowledged after {@code stallWarningMillis} logs the outage while it goes on waiting
 * ({@link AcknowledgedSender}).
 *
 * <p>{@code batchesInFlight} (2, a Sluice addition) batches are in flight at once, each in a channel
 * transaction of its own on a runner of its own: the next batch is sent while the previous one is
 * being acknowledged, rather than the sink idling for each round trip as Flume's does. Batches are
 * sent in the order the channel gave them ({@link BatchSink}'s hand-off lock); 1 is Flume's one
 * batch at a time.
 *
 * <p>The producer is made in {@link #start()} and closed in {@link #stop()}; its network thread is
 * Kafka's own and ends with {@code close}. Thread-safe: the runners share the producer and the
 * sender, and map records one at a time under the hand-off lock.
 */
public final class KafkaSink extends BatchSink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private final KafkaSinkConfig config;
  private final RecordMapper mapper;
  private final Supplier<Producer<String, byte[]>> producerFactory;
  private final ComponentMetrics.Counter sendFailures;
  private final ComponentMetrics.Counter topicErrors;
  private final ComponentMetrics.Counter tooLargeRecords;
  private final KafkaOutageLog outage;
  private volatile Producer<String, byte[]> producer;
  private volatile AcknowledgedSender sender;

  public KafkaSink(String name, Channel channel, KafkaSinkConfig config,
      Supplier<Producer<String, byte[]>> producerFactory, ComponentMetrics metrics) {
    super(name, channel, config.batchSize(), metrics);
    this.config = config;
    this.mapper = new RecordMapper(new TopicResolver(config.topic(), config.allowTopicOverride(),
        config.topicHeader()), config.defaultPartitionId(),
        config.partitionIdHeader(), config.timestampHeader(), config.useFlumeEventFormat(),
        new KafkaHeaderMapping(config.kafkaHeaders()));
    this.producerFactory = producerFactory;
    this.sendFailures = metrics.counter("KafkaEventSendFailureCount");
    this.topicErrors = metrics.counter("KafkaTopicErrorCount");
    this.tooLargeRecords = metrics.counter("KafkaRecordTooLargeCount");
    this.outage = new KafkaOutageLog(LOG, "sink " + name, config.producerProperties().get("bootstrap.servers"),
        "topic " + config.topic(), Clock.systemUTC());
  }

  @Override
  public void start() {
    producer = producerFactory.get();
    sender = new AcknowledgedSender("kafka-sink-" + name() + "-stall", config.stallWarning(), outage,
        Clock.systemUTC(), config.tooLargeRecords());
    LOG.info("Sink {} producing to topic {} on {}", name(), config.topic(),
        config.producerProperties().get("bootstrap.servers"));
  }

  @Override
  public int parallelism() {
    return config.batchesInFlight();
  }

  @Override
  protected void deliver(List<Event> batch) throws Exception {
    handOff(batch).await();
  }

  /** Maps and sends the batch; the returned wait is for its acknowledgements. */
  @Override
  protected Pending handOff(List<Event> batch) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(batch.size());
    AcknowledgedSender.InFlight inFlight;
    try {
      for (Event e : batch) {
        ProducerRecord<String, byte[]> record = toRecord(e);
        if (record != null) {
          records.add(record);
        }
      }
      inFlight = sender.send(producer, records);
    } catch (RuntimeException e) {
      sendFailures.increment();
      throw e;
    }
    return () -> awaitAcks(inFlight);
  }

  private void awaitAcks(AcknowledgedSender.InFlight inFlight) throws Exception {
    try {
      skipped(inFlight.await());
    } catch (ExecutionException e) {
      sendFailures.increment();
      if (e.getCause() instanceof RetriableException) {
        // Brokers down or without enough replicas: logged once per outage here, and a message that
        // stays the same on every retry keeps the runner's failure log to one line too.
        inFlight.unreachable(e.getCause().toString());
        throw new KafkaDeliveryException("Kafka did not acknowledge the batch in time ("
            + e.getCause().getClass().getSimpleName() + ")", e.getCause());
      }
      String retried = e.getCause() instanceof RecordTooLargeException
          ? "; tooLargeRecords = stop: the batch is sent again until Kafka accepts it (" + TooLargeRecords.REMEDY
              + ", or set tooLargeRecords = skip)"
          : "";
      throw new KafkaDeliveryException("Kafka refused a record of the batch: " + e.getCause() + retried,
          e.getCause());
    }
  }

  /**
   * Counts the events Kafka refused as too large, which the batch left out (tooLargeRecords =
   * skip): sending them again would fail the same way and hold up every event behind them.
   */
  private void skipped(AcknowledgedSender.TooLarge tooLarge) {
    if (tooLarge.count() == 0) {
      return;
    }
    long before = tooLargeRecords.get();
    tooLargeRecords.add(tooLarge.count());
    long n = before + tooLarge.count();
    if (before == 0 || n / 1000 > before / 1000) {
      LOG.warn("Sink {}: skipping {} event(s) Kafka refuses as too large: {} ({} skipped so far, counted as"
          + " KafkaRecordTooLargeCount; {} to send such events, or set tooLargeRecords = stop to keep them)",
          name(), tooLarge.count(), tooLarge.first(), n, TooLargeRecords.REMEDY);
    }
  }

  /**
   * The event's record, or null for an event whose topic resolves to no legal name: it is skipped
   * and counted rather than rolled back for ever, which would stop every event behind it.
   */
  private ProducerRecord<String, byte[]> toRecord(Event e) {
    try {
      return mapper.toRecord(e);
    } catch (TopicResolver.InvalidTopicException bad) {
      topicErrors.increment();
      long n = topicErrors.get();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn("Sink {}: skipping an event: {} ({} events skipped so far, counted as KafkaTopicErrorCount)",
            name(), bad.getMessage(), n);
      }
      return null;
    }
  }

  @Override
  public void stop() {
    Producer<String, byte[]> p = producer;
    producer = null;
    if (p != null) {
      p.close(CLOSE_TIMEOUT);
    }
    AcknowledgedSender s = sender;
    if (s != null) {
      s.close();
    }
    LOG.info("Sink {} stopped", name());
  }

  /** A batch of sends Kafka did not acknowledge in full; the take is rolled back. */
  static final class KafkaDeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    KafkaDeliveryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
