package io.sluice.bench;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor under {@link KafkaSinkBench}'s agents: the same cell's Kafka work done with plain
 * kafka-clients and nothing else, in a JVM of its own (agent {@code bare}). It reads the agent
 * config the bench wrote for Sluice and Flume and does what their components do in kafka-clients,
 * with the clients' settings Sluice's components use: cell {@code sink}, a consumer polls batches of
 * {@code batchSize} records from the input topic, a producer ({@code acks=all}, {@code batch.size}
 * 64 KiB, keyless records of the consumed values) sends each batch, flushes and waits for every
 * acknowledgement, then the batch's offsets are committed asynchronously; cell {@code source}, the
 * consumer's batches are touched (their value lengths summed) and committed asynchronously; cell
 * {@code channel}, the sink cell's loop into the channel topic (put side) and a second consumer of
 * the channel topic that touches each batch and commits it synchronously (take side, as a take
 * transaction does), on a thread of its own. No channel, no events, no Avro encoding: what is left
 * is what an agent built on kafka-clients cannot avoid. Runs until killed. Not a test.
 */
public final class BareKafkaAgent {
  private static final int PRODUCER_BATCH_BYTES = 64 * 1024;
  private static final int DEFAULT_MAX_POLL_RECORDS = 500;

  private BareKafkaAgent() {}

  public static void main(String[] args) throws Exception {
    Properties conf = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
      conf.load(r);
    }
    String servers = conf.getProperty("a1.sources.r1.kafka.bootstrap.servers").trim();
    String input = conf.getProperty("a1.sources.r1.kafka.topics").trim();
    String group = conf.getProperty("a1.sources.r1.kafka.consumer.group.id").trim();
    int batch = Integer.parseInt(conf.getProperty("a1.sources.r1.batchSize").trim());
    long batchMillis = Long.parseLong(conf.getProperty("a1.sources.r1.batchDurationMillis", "1000").trim());
    String channelTopic = conf.getProperty("a1.channels.c1.kafka.topic");
    String sinkTopic = conf.getProperty("a1.sinks.k1.kafka.topic");
    if (channelTopic != null) {
      String takers = conf.getProperty("a1.channels.c1.kafka.consumer.group.id").trim();
      Map<String, Object> takeSettings = passThrough(conf, "a1.channels.c1.kafka.consumer.");
      Thread take = new Thread(() -> consume(servers, channelTopic.trim(), takers, batch, batchMillis, true,
          takeSettings), "bare-take");
      take.setDaemon(true);
      take.start();
      put(servers, input, group, batch, batchMillis, channelTopic.trim(),
          passThrough(conf, "a1.channels.c1.kafka.producer."), passThrough(conf, "a1.sources.r1.kafka.consumer."));
    } else if (sinkTopic != null) {
      put(servers, input, group, batch, batchMillis, sinkTopic.trim(),
          passThrough(conf, "a1.sinks.k1.kafka.producer."), passThrough(conf, "a1.sources.r1.kafka.consumer."));
    } else {
      Thread.currentThread().setName("bare-consume");
      consume(servers, input, group, batch, batchMillis, false, passThrough(conf, "a1.sources.r1.kafka.consumer."));
    }
  }

  /** Input topic to {@code output}: poll a batch, send it, wait for its acks, commit asynchronously. */
  private static void put(String servers, String input, String group, int batch, long batchMillis,
      String output, Map<String, Object> producerSettings, Map<String, Object> consumerSettings) {
    Thread.currentThread().setName("bare-put");
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", servers);
    p.put("acks", "all");
    p.put("batch.size", PRODUCER_BATCH_BYTES);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    p.putAll(producerSettings);
    try (KafkaConsumer<String, byte[]> consumer = consumer(servers, input, group, batch, consumerSettings);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      Batcher batcher = new Batcher(consumer, batch, batchMillis);
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>(batch);
      while (true) {
        List<ConsumerRecord<String, byte[]>> taken = batcher.next();
        if (taken.isEmpty()) {
          continue;
        }
        records.clear();
        for (ConsumerRecord<String, byte[]> r : taken) {
          records.add(new ProducerRecord<>(output, r.value()));
        }
        Acks acks = new Acks();
        for (ProducerRecord<String, byte[]> r : records) {
          producer.send(r, acks);
        }
        producer.flush();
        acks.check();
        consumer.commitAsync(offsets(taken), null);
      }
    }
  }

  /**
   * Source cell (commits asynchronously, as the source does) or the channel cell's take side
   * (synchronously, as a take transaction does): poll a batch, touch each record, commit it.
   */
  private static void consume(String servers, String topic, String group, int batch, long batchMillis,
      boolean commitSync, Map<String, Object> consumerSettings) {
    long touched = 0;
    try (KafkaConsumer<String, byte[]> consumer = consumer(servers, topic, group, batch, consumerSettings)) {
      Batcher batcher = new Batcher(consumer, batch, batchMillis);
      while (true) {
        List<ConsumerRecord<String, byte[]>> taken = batcher.next();
        for (ConsumerRecord<String, byte[]> r : taken) {
          touched += r.value().length;
        }
        if (taken.isEmpty()) {
          continue;
        }
        if (commitSync) {
          consumer.commitSync(offsets(taken));
        } else {
          consumer.commitAsync(offsets(taken), null);
        }
        if (touched < 0) {
          System.out.println(touched); // keeps the touch from being optimized away
        }
      }
    }
  }

  /**
   * The config's {@code prefix}-ed keys (the component's {@code kafka.producer.*} or
   * {@code kafka.consumer.*} pass-through) as client settings, as Sluice's components apply them over
   * their own.
   */
  private static Map<String, Object> passThrough(Properties conf, String prefix) {
    Map<String, Object> settings = new HashMap<>();
    for (String key : conf.stringPropertyNames()) {
      if (key.startsWith(prefix)) {
        settings.put(key.substring(prefix.length()), conf.getProperty(key).trim());
      }
    }
    return settings;
  }

  /**
   * A consumer as Sluice's source configures one: earliest, no auto commit, one poll per batch; then
   * the config's pass-through {@code settings}.
   */
  private static KafkaConsumer<String, byte[]> consumer(String servers, String topic, String group, int batch,
      Map<String, Object> settings) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", servers);
    c.put("group.id", group);
    c.put("auto.offset.reset", "earliest");
    c.put("enable.auto.commit", "false");
    if (batch > DEFAULT_MAX_POLL_RECORDS) {
      c.put("max.poll.records", batch);
    }
    c.put("key.deserializer", StringDeserializer.class.getName());
    c.put("value.deserializer", ByteArrayDeserializer.class.getName());
    c.putAll(settings);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c);
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /** The next offset of each partition in {@code taken}. */
  private static Map<TopicPartition, OffsetAndMetadata> offsets(List<ConsumerRecord<String, byte[]>> taken) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : taken) {
      offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    }
    return offsets;
  }

  /**
   * Batches of up to {@code size} records, each filled by polls until it is full or {@code millis}
   * passed (the sources' {@code batchSize} and {@code batchDurationMillis}); a poll's records beyond
   * a batch wait for the next.
   */
  private static final class Batcher {
    private final KafkaConsumer<String, byte[]> consumer;
    private final int size;
    private final long millis;
    private final ArrayDeque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
    private final List<ConsumerRecord<String, byte[]>> batch;

    Batcher(KafkaConsumer<String, byte[]> consumer, int size, long millis) {
      this.consumer = consumer;
      this.size = size;
      this.millis = millis;
      this.batch = new ArrayList<>(size);
    }

    List<ConsumerRecord<String, byte[]>> next() {
      batch.clear();
      long deadline = System.currentTimeMillis() + millis;
      while (true) {
        while (!pending.isEmpty() && batch.size() < size) {
          batch.add(pending.poll());
        }
        long left = deadline - System.currentTimeMillis();
        if (batch.size() >= size || left <= 0) {
          return batch;
        }
        consumer.poll(Duration.ofMillis(left)).forEach(pending::add);
      }
    }
  }

  /**
   * One batch's acknowledgements: one callback for all its records. {@code flush} returns only after
   * every record sent before it completed, its callback included, so no count is needed.
   */
  private static final class Acks implements Callback {
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null) {
        failure.compareAndSet(null, exception);
      }
    }

    void check() {
      if (failure.get() != null) {
        throw new IllegalStateException("a record was not acknowledged", failure.get());
      }
    }
  }
}
