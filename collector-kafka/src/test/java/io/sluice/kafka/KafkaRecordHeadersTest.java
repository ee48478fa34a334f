package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.api.config.ConfigException;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Flume 1.11's {@code header.<flume header> = <kafka header>} keys on a real broker: the sink
 * writes the named event headers as Kafka record headers, the source reads the named record
 * headers into event headers; other headers are not copied either way.
 */
@ExtendWith(KafkaBroker.class)
class KafkaRecordHeadersTest {
  private final MetricsRegistry metrics = new MetricsRegistry();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theSinkWritesTheNamedEventHeadersAsRecordHeaders(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("headers-out", 1);
    TestQueueChannel channel = new TestQueueChannel("c1", 10);
    channel.putAllCommitted(List.of(
        Event.of(Map.of("host", "web1", "dc", "eu-1", "secret", "x"), utf8("0")),
        Event.of(Map.of("secret", "y"), utf8("1"))));
    KafkaSinkConfig config = Configs.configure(new KafkaSinkFactory(), Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(), "kafka.topic", topic,
        "header.host", "x-host", "header.dc", "x-dc"));
    KafkaSink sink = new KafkaSink("k1", channel, config, () -> new KafkaProducer<>(config.producerProperties()),
        metrics.group("k1"));
    sink.start();
    try {
      assertEquals(Status.READY, sink.process());
    } finally {
      sink.stop();
    }
    List<ConsumerRecord<String, byte[]>> records = kafka.readAll(topic, 2);
    assertEquals(2, records.size());
    ConsumerRecord<String, byte[]> first = records.get(0);
    assertArrayEquals(utf8("web1"), first.headers().lastHeader("x-host").value());
    assertArrayEquals(utf8("eu-1"), first.headers().lastHeader("x-dc").value());
    assertEquals(2, first.headers().toArray().length, "only the named headers");
    assertEquals(0, records.get(1).headers().toArray().length, "an event without them gets none");
  }

  @Test
  void theSourceReadsTheNamedRecordHeadersIntoEventHeaders(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("headers-in", 1);
    List<Header> headers = List.of(new RecordHeader("x-host", utf8("web2")), new RecordHeader("x-other", utf8("o")),
        new RecordHeader("x-offset", utf8("first")), new RecordHeader("x-offset", utf8("last")));
    kafka.produce(topic, List.of(new ProducerRecord<>(topic, null, null, "k", utf8("0"), headers),
        new ProducerRecord<>(topic, utf8("1"))));
    KafkaSourceConfig config = Configs.configure(new KafkaSourceFactory(), Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(), "kafka.topics", topic,
        "kafka.consumer.group.id", "g-" + topic, "batchDurationMillis", "200",
        "header.host", "x-host", "header.offset", "x-offset"));
    TestQueueChannel channel = new TestQueueChannel("c1", 10);
    KafkaSource source = new KafkaSource("r1", config, new TestChannelProcessor(channel),
        () -> new KafkaConsumer<>(config.consumerProperties()), Clock.systemUTC(), metrics.group("r1"));
    List<Event> got = new ArrayList<>();
    source.start();
    try {
      SourceSteps.drainUntil(source, channel, got, 2);
    } finally {
      source.stop();
    }
    assertEquals(2, got.size());
    Map<String, String> h = got.get(0).getHeaders();
    assertEquals("web2", h.get("host"));
    assertEquals("last", h.get("offset"), "a mapped record header wins over Flume's own header, the last one");
    assertFalse(h.containsKey("x-other"), "headers not named are not copied");
    assertEquals("k", h.get("key"));
    assertNull(got.get(1).getHeaders().get("host"));
    assertEquals("1", got.get(1).getHeaders().get("offset"));
  }

  @Test
  void aHeaderKeyWithoutAKafkaHeaderNameIsRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> Configs.configure(new KafkaSinkFactory(),
        Map.of("kafka.bootstrap.servers", "b:9092", "header.host", " ")));
    assertTrue(e.getMessage().contains("header.host"), e.getMessage());
  }
}
