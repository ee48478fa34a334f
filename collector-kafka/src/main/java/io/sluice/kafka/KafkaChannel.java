package io.sluice.kafka;

import io.sluice.api.Channel;
import io.sluice.api.Transaction;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.channel.ChannelCounters;
import io.sluice.core.channel.ChannelId;
import io.sluice.core.channel.ThreadBoundTransactions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's Kafka channel: a topic is the channel. A put transaction's events are sent on commit and
 * the commit returns only once Kafka acknowledged every one ({@code acks=all} by default); a take
 * transaction reads through its thread's own consumer ({@link ChannelTaker}) and commits the
 * consumer offsets on commit, or seeks back on rollback so the same events are taken again. With
 * {@code parseAsFlumeEvent} (default) records are Flume's {@code AvroFlumeEvent}s, so a Flume agent
 * and Sluice can share the channel's topic.
 *
 * <p>The producer is made in {@link #start()}; consumers when a thread first takes, and closed in
 * {@link #stop()} (or when their thread has ended). Their network threads are Kafka's own and end
 * with {@code close}. Thread-safe; each thread gets its own transaction.
 */
public final class KafkaChannel implements Channel {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaChannel.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private final KafkaChannelConfig config;
  private final ChannelId id;
  private final Supplier<Producer<String, byte[]>> producerFactory;
  private final Supplier<Consumer<String, byte[]>> consumerFactory;
  private final RecordMapper mapper;
  private final RecordValues values;
  private final ChannelCounters counters;
  private final ComponentMetrics.Counter sendFailures;
  private final ComponentMetrics.Counter commitFailures;
  private final ThreadBoundTransactions<KafkaChannelTransaction> transactions;
  private final KafkaOutageLog outage;
  private final Map<Thread, ChannelTaker> takers = new ConcurrentHashMap<>();
  private volatile Producer<String, byte[]> producer;
  private volatile AcknowledgedSender sender;
  private volatile boolean stopped;

  public KafkaChannel(KafkaChannelConfig config, ComponentContext context,
      Supplier<Producer<String, byte[]>> producerFactory, Supplier<Consumer<String, byte[]>> consumerFactory) {
    this.config = config;
    this.id = ChannelId.of(context);
    this.producerFactory = producerFactory;
    this.consumerFactory = consumerFactory;
    this.mapper = new RecordMapper(headers -> config.topic(), config.defaultPartitionId(),
        config.partitionIdHeader(), null, config.parseAsFlumeEvent(), KafkaHeaderMapping.NONE);
    this.values = new RecordValues(id.toString(), config.parseAsFlumeEvent(), config.undecodableRecords(),
        context.metrics());
    // The events a topic holds for this group are not known without asking the brokers; as Flume, 0.
    this.counters = new ChannelCounters(context.metrics(), () -> 0L, Long.MAX_VALUE);
    this.sendFailures = context.metrics().counter("KafkaEventSendFailureCount");
    this.commitFailures = context.metrics().counter("KafkaCommitFailureCount");
    this.transactions = new ThreadBoundTransactions<>(() -> new KafkaChannelTransaction(this));
    this.outage = new KafkaOutageLog(LOG, id.toString(), config.producerProperties().get("bootstrap.servers"),
        "topic " + config.topic(), Clock.systemUTC());
  }

  @Override
  public void start() {
    producer = producerFactory.get();
    sender = new AcknowledgedSender("kafka-channel-" + id.channel() + "-stall", config.stallWarning(), outage,
        Clock.systemUTC(), TooLargeRecords.STOP);
    LOG.info("{} on topic {} (group {}, {}) at {}", id, config.topic(), config.groupId(),
        config.parseAsFlumeEvent() ? "Flume events" : "bodies only",
        config.producerProperties().get("bootstrap.servers"));
  }

  @Override
  public String getName() {
    return id.channel();
  }

  @Override
  public Transaction getTransaction() {
    return transactions.current();
  }

  @Override
  public long size() {
    return 0;
  }

  @Override
  public long capacity() {
    return Long.MAX_VALUE;
  }

  @Override
  public void stop() {
    stopped = true;
    takers.values().forEach(ChannelTaker::close);
    takers.clear();
    Producer<String, byte[]> p = producer;
    producer = null;
    if (p != null) {
      p.close(CLOSE_TIMEOUT);
    }
    AcknowledgedSender s = sender;
    if (s != null) {
      s.close();
    }
    LOG.info("{} stopped", id);
  }

  /** The calling thread's consumer, made on its first take; consumers of ended threads are closed. */
  ChannelTaker taker() {
    Thread me = Thread.currentThread();
    ChannelTaker mine = takers.get(me);
    if (mine != null) {
      return mine;
    }
    if (stopped) {
      throw new IllegalStateException(id + " is stopped");
    }
    takers.entrySet().removeIf(e -> {
      if (!e.getKey().isAlive()) {
        e.getValue().close();
        return true;
      }
      return false;
    });
    mine = new ChannelTaker(id.channel(), config.topic(), consumerFactory.get(), values, commitFailures,
        outage, config.offsetCommitInterval());
    takers.put(me, mine);
    return mine;
  }

  Producer<String, byte[]> producer() {
    Producer<String, byte[]> p = producer;
    if (p == null) {
      throw new IllegalStateException(id + " is not started");
    }
    return p;
  }

  AcknowledgedSender sender() {
    AcknowledgedSender s = sender;
    if (s == null) {
      throw new IllegalStateException(id + " is not started");
    }
    return s;
  }

  ChannelId id() {
    return id;
  }

  Duration pollTimeout() {
    return config.pollTimeout();
  }

  RecordMapper mapper() {
    return mapper;
  }

  KafkaOutageLog outage() {
    return outage;
  }

  ChannelCounters counters() {
    return counters;
  }

  ComponentMetrics.Counter sendFailures() {
    return sendFailures;
  }

  void release(KafkaChannelTransaction tx) {
    transactions.release(tx);
  }

  @Override
  public String toString() {
    return "KafkaChannel{" + id.channel() + ", topic=" + config.topic() + "}";
  }
}
