package io.sluice.it.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import io.sluice.it.flume.FlumeAgentProcess;
import io.sluice.kafka.FlumeEventFormat;
import io.sluice.kafka.KafkaBroker;
import io.sluice.kafka.KafkaChannel;
import io.sluice.kafka.KafkaChannelConfig;
import io.sluice.kafka.KafkaChannelFactory;
import io.sluice.kafka.KafkaSource;
import io.sluice.kafka.KafkaSourceConfig;
import io.sluice.kafka.KafkaSourceFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Flume 1.11.0's own Kafka sinks (Flume events and bodies only) and Kafka channel (its own
 * JVM, on the kafka-clients 2.7.2 it was built with) write to a real KRaft broker; Sluice's Kafka
 * sources read the sinks' topics and Sluice's Kafka channel takes from the channel's topic: every
 * event exactly once, headers intact where the format carries them, and the channel's records
 * byte-identical to Sluice's own encoding. {@link SluiceToFlumeKafkaInteropIT} is the reverse.
 */
@ExtendWith(KafkaBroker.class)
class FlumeKafkaInteropIT {
  private static final int N = 1_000;
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  @TempDir Path tmp;
  private final MetricsRegistry metrics = new MetricsRegistry();

  @Test
  void flumesKafkaSinkAndChannelAreReadBySluicesSourceAndChannel(KafkaBroker kafka) throws Exception {
    String sinkTopic = kafka.newTopic("flume-sink", 3);
    String bodiesTopic = kafka.newTopic("flume-bodies", 3);
    String channelTopic = kafka.newTopic("flume-channel", 2);
    String conf = """
        a1.sources = r1
        a1.channels = c1 c2 c3
        a1.sinks = k1 k2
        a1.sources.r1.type = seq
        a1.sources.r1.totalEvents = %d
        a1.sources.r1.batchSize = 100
        a1.sources.r1.channels = c1 c2 c3
        a1.sources.r1.interceptors = i1
        a1.sources.r1.interceptors.i1.type = static
        a1.sources.r1.interceptors.i1.key = origin
        a1.sources.r1.interceptors.i1.value = flume
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 10000
        a1.channels.c1.transactionCapacity = 1000
        a1.channels.c3.type = memory
        a1.channels.c3.capacity = 10000
        a1.channels.c3.transactionCapacity = 1000
        a1.channels.c2.type = org.apache.flume.channel.kafka.KafkaChannel
        a1.channels.c2.kafka.bootstrap.servers = %s
        a1.channels.c2.kafka.topic = %s
        a1.sinks.k1.type = org.apache.flume.sink.kafka.KafkaSink
        a1.sinks.k1.channel = c1
        a1.sinks.k1.kafka.bootstrap.servers = %s
        a1.sinks.k1.kafka.topic = %s
        a1.sinks.k1.kafka.producer.acks = all
        a1.sinks.k1.useFlumeEventFormat = true
        a1.sinks.k2.type = org.apache.flume.sink.kafka.KafkaSink
        a1.sinks.k2.channel = c3
        a1.sinks.k2.kafka.bootstrap.servers = %s
        a1.sinks.k2.kafka.topic = %s
        a1.sinks.k2.kafka.producer.acks = all
        a1.sinks.k2.useFlumeEventFormat = false
        """.formatted(N, kafka.bootstrapServers(), channelTopic, kafka.bootstrapServers(), sinkTopic,
            kafka.bootstrapServers(), bodiesTopic);
    List<Event> fromSink;
    List<Event> fromBodies;
    List<Event> fromChannel;
    try (FlumeAgentProcess flume = FlumeAgentProcess.start(tmp.resolve("flume"), conf, DEADLINE,
        "Component type: SINK, name: k1 started", "Component type: SINK, name: k2 started",
        "Component type: CHANNEL, name: c2 started")) {
      fromSink = readWithSluiceSource(kafka, sinkTopic, true);
      fromBodies = readWithSluiceSource(kafka, bodiesTopic, false);
      fromChannel = takeWithSluiceChannel(kafka, channelTopic);
    }
    assertExactlyOnce(fromSink);
    assertExactlyOnce(fromBodies);
    assertExactlyOnce(fromChannel);
    for (Event e : fromSink) {
      assertEquals("flume", e.getHeaders().get("origin"), "Flume's headers come through the sink's topic");
      assertEquals(sinkTopic, e.getHeaders().get("topic"));
    }
    for (Event e : fromBodies) {
      assertEquals(null, e.getHeaders().get("origin"), "bodies only: Flume's headers stay behind");
      assertEquals(bodiesTopic, e.getHeaders().get("topic"));
    }
    for (Event e : fromChannel) {
      assertEquals(Map.of("origin", "flume"), e.getHeaders(), "the channel carries Flume's headers, nothing else");
    }
    // what Flume's channel wrote is exactly what Sluice's channel writes for the same event
    for (ConsumerRecord<String, byte[]> r : kafka.readAll(channelTopic, N)) {
      assertArrayEquals(FlumeEventFormat.encode(FlumeEventFormat.decode(r.value())), r.value(),
          "record at offset " + r.offset());
    }
  }

  private List<Event> readWithSluiceSource(KafkaBroker kafka, String topic, boolean flumeFormat)
      throws Exception {
    KafkaSourceConfig config = Configs.configure(new KafkaSourceFactory(), Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(), "kafka.topics", topic,
        "kafka.consumer.group.id", "sluice-" + topic, "useFlumeEventFormat", Boolean.toString(flumeFormat),
        "batchDurationMillis", "200"));
    TestQueueChannel channel = new TestQueueChannel("c1", 10 * N);
    KafkaSource source = new KafkaSource("r1", config, new TestChannelProcessor(channel),
        () -> new KafkaConsumer<>(config.consumerProperties()), Clock.systemUTC(), metrics.group("r1"));
    List<Event> got = new ArrayList<>();
    source.start();
    try {
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (got.size() < N && System.nanoTime() < deadline) {
        source.process();
        got.addAll(channel.drain());
      }
      source.process(); // a duplicate would show up now
      got.addAll(channel.drain());
    } finally {
      source.stop();
    }
    return got;
  }

  private List<Event> takeWithSluiceChannel(KafkaBroker kafka, String topic) throws Exception {
    KafkaChannelConfig config = Configs.configure(new KafkaChannelFactory(), Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(), "kafka.topic", topic,
        "kafka.consumer.group.id", "sluice-" + topic));
    KafkaChannel channel = new KafkaChannel(config,
        DefaultComponentContext.builder("a1", "c2", metrics.group("c2")).build(),
        () -> new KafkaProducer<>(config.producerProperties()), () -> new KafkaConsumer<>(config.consumerProperties()));
    List<Event> got = new ArrayList<>();
    channel.start();
    try {
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (got.size() < N && System.nanoTime() < deadline) {
        takeOneBatch(channel, got);
      }
      takeOneBatch(channel, got); // a duplicate would show up now
    } finally {
      channel.stop();
    }
    return got;
  }

  private static void takeOneBatch(KafkaChannel channel, List<Event> into) {
    try (Transaction tx = channel.getTransaction()) {
      tx.begin();
      into.addAll(tx.take(100));
      tx.commit();
    }
  }

  private static void assertExactlyOnce(List<Event> events) {
    int[] seen = new int[N];
    for (Event e : events) {
      seen[Integer.parseInt(new String(e.getBody(), StandardCharsets.UTF_8))]++;
    }
    for (int i = 0; i < N; i++) {
      assertEquals(1, seen[i], "event " + i + " arrived " + seen[i] + " times");
    }
    assertEquals(N, events.size());
  }
}
