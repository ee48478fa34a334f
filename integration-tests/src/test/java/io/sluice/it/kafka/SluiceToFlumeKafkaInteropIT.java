package io.sluice.it.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestQueueChannel;
import io.sluice.it.flume.FlumeAgentProcess;
import io.sluice.it.flume.FlumeEventFiles;
import io.sluice.kafka.KafkaBroker;
import io.sluice.kafka.KafkaChannel;
import io.sluice.kafka.KafkaChannelConfig;
import io.sluice.kafka.KafkaChannelFactory;
import io.sluice.kafka.KafkaSink;
import io.sluice.kafka.KafkaSinkConfig;
import io.sluice.kafka.KafkaSinkFactory;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reverse of {@link FlumeKafkaInteropIT}: Sluice writes, Apache Flume 1.11.0 reads (its own
 * JVM, its own kafka-clients 2.7.2). Sluice's Kafka sink produces bodies only and Flume events to
 * two topics that Flume's own Kafka sources consume; a Sluice Kafka channel puts into a topic that
 * Flume's own Kafka channel ({@code parseAsFlumeEvent=true}) takes from. Each Flume path ends in a
 * {@code file_roll} sink writing {@code avro_event}, so the test sees every event Flume took with
 * its headers and body bytes: each event exactly once, bodies byte-identical, and headers
 * byte-identical wherever the format carries them.
 */
@ExtendWith(KafkaBroker.class)
class SluiceToFlumeKafkaInteropIT {
  private static final int N = 1_000;
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  @TempDir Path tmp;
  private final MetricsRegistry metrics = new MetricsRegistry();

  @Test
  void flumesKafkaSourcesAndChannelReadWhatSluicesSinkAndChannelWrote(KafkaBroker kafka) throws Exception {
    String bodiesTopic = kafka.newTopic("sluice-bodies", 3);
    String eventsTopic = kafka.newTopic("sluice-events", 3);
    String channelTopic = kafka.newTopic("sluice-channel", 2);
    List<Event> sent = events(N);
    sinkAll(kafka, bodiesTopic, false, sent);
    sinkAll(kafka, eventsTopic, true, sent);
    putAll(kafka, channelTopic, sent);

    Path bodiesDir = Files.createDirectories(tmp.resolve("bodies"));
    Path eventsDir = Files.createDirectories(tmp.resolve("events"));
    Path channelDir = Files.createDirectories(tmp.resolve("channel"));
    String servers = kafka.bootstrapServers();
    String conf = """
        a1.sources = r1 r2
        a1.channels = c1 c2 c3
        a1.sinks = f1 f2 f3
        %s
        %s
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 10000
        a1.channels.c1.transactionCapacity = 1000
        a1.channels.c2.type = memory
        a1.channels.c2.capacity = 10000
        a1.channels.c2.transactionCapacity = 1000
        a1.channels.c3.type = org.apache.flume.channel.kafka.KafkaChannel
        a1.channels.c3.kafka.bootstrap.servers = %s
        a1.channels.c3.kafka.topic = %s
        a1.channels.c3.kafka.consumer.group.id = flume-%s
        a1.channels.c3.kafka.consumer.auto.offset.reset = earliest
        a1.channels.c3.parseAsFlumeEvent = true
        %s
        %s
        %s
        """.formatted(
            kafkaSource("r1", servers, bodiesTopic, false, "c1"),
            kafkaSource("r2", servers, eventsTopic, true, "c2"),
            servers, channelTopic, channelTopic,
            fileRoll("f1", "c1", bodiesDir), fileRoll("f2", "c2", eventsDir), fileRoll("f3", "c3", channelDir));
    try (FlumeAgentProcess flume = FlumeAgentProcess.start(tmp.resolve("flume"), conf, DEADLINE,
        "Component type: SOURCE, name: r1 started", "Component type: SOURCE, name: r2 started",
        "Component type: CHANNEL, name: c3 started")) {
      await("Flume took every event").atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).until(() ->
          FlumeEventFiles.read(bodiesDir).size() >= N && FlumeEventFiles.read(eventsDir).size() >= N
              && FlumeEventFiles.read(channelDir).size() >= N);
    } // Flume stops here and closes its files: a duplicate would be in them now
    List<Event> viaBodies = FlumeEventFiles.read(bodiesDir);
    List<Event> viaEvents = FlumeEventFiles.read(eventsDir);
    List<Event> viaChannel = FlumeEventFiles.read(channelDir);
    assertEquals(N, viaBodies.size(), "bodies-only topic: events Flume's source took");
    assertEquals(N, viaEvents.size(), "Flume-event topic: events Flume's source took");
    assertEquals(N, viaChannel.size(), "channel topic: events Flume's channel took");

    Map<ByteBuffer, Event> byBody = new HashMap<>();
    sent.forEach(e -> byBody.put(ByteBuffer.wrap(e.getBody()), e));
    assertExactlyOnce(viaBodies, byBody, (expected, got) -> {
      // bodies only: Flume rebuilds the key from the record key and adds its consumer headers
      assertEquals(expected.getHeaders().get("key"), got.getHeaders().get("key"));
      assertEquals(bodiesTopic, got.getHeaders().get("topic"));
      assertNotNull(got.getHeaders().get("offset"));
    });
    assertExactlyOnce(viaEvents, byBody, (expected, got) -> {
      // Flume events: every header Sluice wrote arrives unchanged; Flume adds only its own
      Map<String, String> carried = new HashMap<>(got.getHeaders());
      carried.keySet().retainAll(expected.getHeaders().keySet());
      assertEquals(expected.getHeaders(), carried);
      assertEquals(eventsTopic, got.getHeaders().get("topic"));
    });
    assertExactlyOnce(viaChannel, byBody, (expected, got) ->
        assertEquals(expected.getHeaders(), got.getHeaders(), "the channel carries Sluice's headers, nothing else"));
  }

  private interface Check {
    void check(Event expected, Event got);
  }

  private static void assertExactlyOnce(List<Event> got, Map<ByteBuffer, Event> byBody, Check check) {
    Map<ByteBuffer, Integer> seen = new HashMap<>();
    for (Event e : got) {
      Event expected = byBody.get(ByteBuffer.wrap(e.getBody()));
      assertNotNull(expected, "a body Sluice never sent: " + new String(e.getBody(), StandardCharsets.ISO_8859_1));
      assertArrayEquals(expected.getBody(), e.getBody());
      check.check(expected, e);
      seen.merge(ByteBuffer.wrap(e.getBody()), 1, Integer::sum);
    }
    assertEquals(byBody.size(), seen.size(), "distinct events");
    seen.forEach((body, n) -> assertEquals(1, n, "arrivals of " + byBody.get(body).getHeaders().get("seq")));
  }

  /** Events with binary bodies and headers that exercise Avro's string encoding. */
  private static List<Event> events(int n) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, String> h = new HashMap<>();
      h.put("seq", Integer.toString(i));
      h.put("origin", "sluice");
      h.put("text", "h\u00e9llo \u2713 \u65e5\u672c " + i);
      h.put("empty", "");
      h.put("key", "k" + (i % 7));
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(("event " + i + " ").getBytes(StandardCharsets.UTF_8));
      body.writeBytes(new byte[] {0, (byte) 0xff, (byte) 0x80, (byte) i, '\n'});
      out.add(Event.of(h, body.toByteArray()));
    }
    return out;
  }

  private void sinkAll(KafkaBroker kafka, String topic, boolean flumeFormat, List<Event> events)
      throws Exception {
    KafkaSinkConfig config = Configs.configure(new KafkaSinkFactory(), Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(), "kafka.topic", topic,
        "kafka.producer.acks", "all", "useFlumeEventFormat", Boolean.toString(flumeFormat)));
    TestQueueChannel channel = new TestQueueChannel("c-" + topic, 10 * N);
    channel.putAllCommitted(copies(events));
    KafkaSink sink = new KafkaSink("k-" + topic, channel, config,
        () -> new KafkaProducer<>(config.producerProperties()), metrics.group("k-" + topic));
    sink.start();
    try {
      while (sink.process() == Status.READY) {
        // one batch per step until the channel is empty
      }
    } finally {
      sink.stop();
    }
    assertEquals(0, channel.size(), "the sink sent everything");
  }

  private void putAll(KafkaBroker kafka, String topic, List<Event> events) {
    KafkaChannelConfig config = Configs.configure(new KafkaChannelFactory(), Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(), "kafka.topic", topic));
    KafkaChannel channel = new KafkaChannel(config,
        DefaultComponentContext.builder("a1", "c-" + topic, metrics.group("c-" + topic)).build(),
        () -> new KafkaProducer<>(config.producerProperties()), () -> new KafkaConsumer<>(config.consumerProperties()));
    channel.start();
    try {
      List<Event> all = copies(events);
      for (int from = 0; from < all.size(); from += 100) {
        try (Transaction tx = channel.getTransaction()) {
          tx.begin();
          tx.putAll(all.subList(from, Math.min(all.size(), from + 100)));
          tx.commit();
        }
      }
    } finally {
      channel.stop();
    }
  }

  /** Fresh events: a component may add headers to the ones it is given. */
  private static List<Event> copies(List<Event> events) {
    return events.stream().map(e -> Event.of(new HashMap<>(e.getHeaders()), e.getBody().clone())).toList();
  }

  private static String kafkaSource(String name, String servers, String topic, boolean flumeFormat,
      String channel) {
    String p = "a1.sources." + name + ".";
    return String.join("\n",
        p + "type = org.apache.flume.source.kafka.KafkaSource",
        p + "channels = " + channel,
        p + "kafka.bootstrap.servers = " + servers,
        p + "kafka.topics = " + topic,
        p + "kafka.consumer.group.id = flume-" + topic,
        p + "kafka.consumer.auto.offset.reset = earliest",
        p + "migrateZookeeperOffsets = false",
        p + "batchSize = 100",
        p + "batchDurationMillis = 200",
        p + "useFlumeEventFormat = " + flumeFormat);
  }

  private static String fileRoll(String name, String channel, Path dir) {
    String p = "a1.sinks." + name + ".";
    return String.join("\n",
        p + "type = file_roll",
        p + "channel = " + channel,
        p + "sink.directory = " + dir.toString().replace("\\", "/"),
        p + "sink.rollInterval = 0",
        p + "sink.batchSize = 100",
        p + "sink.serializer = avro_event");
  }
}
