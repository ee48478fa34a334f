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
 * <p>The producer is made in {@link #start()} and closed in {@link #stop()}; its network thread is
 * Kafka's own and ends with {@code close}. Runner-thread confined except {@code stop()}.
 */
public final class KafkaSink extends BatchSink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private final KafkaSinkConfig config;
  private final RecordMapper mapper;
  private final Supplier<Producer<String, byte[]>> producerFactory;
  private final ComponentMetrics.Counter sendFailures;
  private final ComponentMetrics.Counter topicErrors;
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
    this.outage = new KafkaOutageLog(LOG, "sink " + name, config.producerProperties().get("bootstrap.servers"),
        "topic " + config.topic(), Clock.systemUTC());
  }

  @Override
  public void start() {
    producer = producerFactory.get();
    sender = new AcknowledgedSender("kafka-sink-" + name() + "-stall", config.stallWarning(), outage,
        Clock.systemUTC());
    LOG.info("Sink {} producing to topic {} on {}", name(), config.topic(),
        config.producerProperties().get("bootstrap.servers"));
  }

  @Override
  protected void deliver(List<Event> batch) throws Exception {
    Producer<String, byte[]> p = producer;
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(batch.size());
    try {
      for (Event e : batch) {
        ProducerRecord<String, byte[]> record = toRecord(e);
        if (record != null) {
          records.add(record);
        }
      }
      sender.sendAll(p, records);
    } catch (ExecutionException e) {
      sendFailures.increment();
      if (e.getCause() instanceof RetriableException) {
        // Brokers down or without enough replicas: logged once per outage here, and a message that
        // stays the same on every retry keeps the runner's failure log to one line too.
        outage.unreachable(e.getCause().toString());
        throw new KafkaDeliveryException("Kafka did not acknowledge the batch in time ("
            + e.getCause().getClass().getSimpleName() + ")", e.getCause());
      }
      throw new KafkaDeliveryException("Kafka refused a record of the batch: " + e.getCause(), e.getCause());
    } catch (RuntimeException e) {
      sendFailures.increment();
      throw e;
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
