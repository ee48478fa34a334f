package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.spi.ComponentFactory;
import io.sluice.core.config.ConfigParser;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The Kafka examples of Flume 1.11's user guide (source, sink, channel, and their TLS and Kerberos
 * variants), as printed there, load unchanged: no unknown key, no problem, and the values reach the
 * Kafka clients.
 */
class KafkaUserGuideExamplesTest {

  /** The component's keys (relative to it) from a Flume properties text, wiring keys left out. */
  private static <C> C load(String properties, String component, ComponentFactory<C> factory) throws IOException {
    Properties props = new Properties();
    props.load(new StringReader(properties));
    String prefix = component + ".";
    Map<String, String> raw = new HashMap<>();
    for (String k : props.stringPropertyNames()) {
      String rest = k.startsWith(prefix) ? k.substring(prefix.length()) : null;
      if (rest != null && !List.of("type", "channel", "channels").contains(rest)) {
        raw.put(rest, props.getProperty(k).trim());
      }
    }
    ConfigParser.Result r = ConfigParser.parse(factory.configDef(), raw, prefix);
    assertTrue(r.ok(), () -> component + ": " + r.problems());
    return factory.configure(r.values());
  }

  @Test
  void kafkaSourceExamples() throws IOException {
    KafkaSourceConfig list = load("""
        tier1.sources.source1.type = org.apache.flume.source.kafka.KafkaSource
        tier1.sources.source1.channels = channel1
        tier1.sources.source1.batchSize = 5000
        tier1.sources.source1.batchDurationMillis = 2000
        tier1.sources.source1.kafka.bootstrap.servers = localhost:9092
        tier1.sources.source1.kafka.topics = test1, test2
        tier1.sources.source1.kafka.consumer.group.id = custom.g.id
        """, "tier1.sources.source1", new KafkaSourceFactory());
    assertEquals(List.of("test1", "test2"), list.topics());
    assertEquals(5000, list.batchSize());
    assertEquals(2000, list.batchDurationMillis());
    assertEquals("custom.g.id", list.consumerProperties().get("group.id"));

    KafkaSourceConfig regex = load("""
        tier1.sources.source1.type = org.apache.flume.source.kafka.KafkaSource
        tier1.sources.source1.channels = channel1
        tier1.sources.source1.kafka.bootstrap.servers = localhost:9092
        tier1.sources.source1.kafka.topics.regex = ^topic[0-9]$
        # the default kafka.consumer.group.id=flume is used
        """, "tier1.sources.source1", new KafkaSourceFactory());
    assertEquals("^topic[0-9]$", regex.topicPattern().pattern());
    assertEquals("flume", regex.consumerProperties().get("group.id"));

    KafkaSourceConfig tls = load("""
        a1.sources.source1.type = org.apache.flume.source.kafka.KafkaSource
        a1.sources.source1.kafka.bootstrap.servers = kafka-1:9093,kafka-2:9093,kafka-3:9093
        a1.sources.source1.kafka.topics = mytopic
        a1.sources.source1.kafka.consumer.group.id = flume-consumer
        a1.sources.source1.kafka.consumer.security.protocol = SSL
        # optional, the global truststore can be used alternatively
        a1.sources.source1.kafka.consumer.ssl.truststore.location=/path/to/truststore.jks
        a1.sources.source1.kafka.consumer.ssl.truststore.password=<password to access the truststore>
        a1.sources.source1.kafka.consumer.ssl.endpoint.identification.algorithm=HTTPS
        a1.sources.source1.kafka.consumer.ssl.keystore.location=/path/to/client.keystore.jks
        a1.sources.source1.kafka.consumer.ssl.keystore.password=<password to access the keystore>
        a1.sources.source1.kafka.consumer.ssl.key.password=<password to access the key>
        """, "a1.sources.source1", new KafkaSourceFactory());
    assertEquals("SSL", tls.consumerProperties().get("security.protocol"));
    assertEquals("/path/to/truststore.jks", tls.consumerProperties().get("ssl.truststore.location"));
    assertEquals("HTTPS", tls.consumerProperties().get("ssl.endpoint.identification.algorithm"));
    assertEquals("<password to access the key>", tls.consumerProperties().get("ssl.key.password"));

    KafkaSourceConfig kerberos = load("""
        a1.sources.source1.type = org.apache.flume.source.kafka.KafkaSource
        a1.sources.source1.kafka.bootstrap.servers = kafka-1:9093,kafka-2:9093,kafka-3:9093
        a1.sources.source1.kafka.topics = mytopic
        a1.sources.source1.kafka.consumer.group.id = flume-consumer
        a1.sources.source1.kafka.consumer.security.protocol = SASL_SSL
        a1.sources.source1.kafka.consumer.sasl.mechanism = GSSAPI
        a1.sources.source1.kafka.consumer.sasl.kerberos.service.name = kafka
        # optional, the global truststore can be used alternatively
        a1.sources.source1.kafka.consumer.ssl.truststore.location=/path/to/truststore.jks
        a1.sources.source1.kafka.consumer.ssl.truststore.password=<password to access the truststore>
        """, "a1.sources.source1", new KafkaSourceFactory());
    assertEquals("SASL_SSL", kerberos.consumerProperties().get("security.protocol"));
    assertEquals("GSSAPI", kerberos.consumerProperties().get("sasl.mechanism"));
    assertEquals("kafka", kerberos.consumerProperties().get("sasl.kerberos.service.name"));
  }

  @Test
  void kafkaSinkExamples() throws IOException {
    KafkaSinkConfig plain = load("""
        a1.sinks.k1.channel = c1
        a1.sinks.k1.type = org.apache.flume.sink.kafka.KafkaSink
        a1.sinks.k1.kafka.topic = mytopic
        a1.sinks.k1.kafka.bootstrap.servers = localhost:9092
        a1.sinks.k1.kafka.flumeBatchSize = 20
        a1.sinks.k1.kafka.producer.acks = 1
        a1.sinks.k1.kafka.producer.linger.ms = 1
        a1.sinks.k1.kafka.producer.compression.type = snappy
        """, "a1.sinks.k1", new KafkaSinkFactory());
    assertEquals("mytopic", plain.topic());
    assertEquals("1", plain.producerProperties().get("acks"));
    assertEquals("1", plain.producerProperties().get("linger.ms"));
    assertEquals("snappy", plain.producerProperties().get("compression.type"));
    // the guide's kafka.flumeBatchSize is a misprint Flume 1.11 ignores too (it reads flumeBatchSize)
    assertEquals(100, plain.batchSize());

    KafkaSinkConfig tls = load("""
        a1.sinks.sink1.type = org.apache.flume.sink.kafka.KafkaSink
        a1.sinks.sink1.kafka.bootstrap.servers = kafka-1:9093,kafka-2:9093,kafka-3:9093
        a1.sinks.sink1.kafka.topic = mytopic
        a1.sinks.sink1.kafka.producer.security.protocol = SSL
        # optional, the global truststore can be used alternatively
        a1.sinks.sink1.kafka.producer.ssl.truststore.location = /path/to/truststore.jks
        a1.sinks.sink1.kafka.producer.ssl.truststore.password = <password to access the truststore>
        a1.sinks.sink1.kafka.producer.ssl.endpoint.identification.algorithm = HTTPS
        a1.sinks.sink1.kafka.producer.ssl.keystore.location = /path/to/client.keystore.jks
        a1.sinks.sink1.kafka.producer.ssl.keystore.password = <password to access the keystore>
        a1.sinks.sink1.kafka.producer.ssl.key.password = <password to access the key>
        """, "a1.sinks.sink1", new KafkaSinkFactory());
    assertEquals("SSL", tls.producerProperties().get("security.protocol"));
    assertEquals("/path/to/client.keystore.jks", tls.producerProperties().get("ssl.keystore.location"));

    KafkaSinkConfig kerberos = load("""
        a1.sinks.sink1.type = org.apache.flume.sink.kafka.KafkaSink
        a1.sinks.sink1.kafka.bootstrap.servers = kafka-1:9093,kafka-2:9093,kafka-3:9093
        a1.sinks.sink1.kafka.topic = mytopic
        a1.sinks.sink1.kafka.producer.security.protocol = SASL_PLAINTEXT
        a1.sinks.sink1.kafka.producer.sasl.mechanism = GSSAPI
        a1.sinks.sink1.kafka.producer.sasl.kerberos.service.name = kafka
        """, "a1.sinks.sink1", new KafkaSinkFactory());
    assertEquals("SASL_PLAINTEXT", kerberos.producerProperties().get("security.protocol"));
    assertEquals("kafka", kerberos.producerProperties().get("sasl.kerberos.service.name"));
  }

  @Test
  void kafkaChannelExamples() throws IOException {
    KafkaChannelConfig plain = load("""
        a1.channels.channel1.type = org.apache.flume.channel.kafka.KafkaChannel
        a1.channels.channel1.kafka.bootstrap.servers = kafka-1:9092,kafka-2:9092,kafka-3:9092
        a1.channels.channel1.kafka.topic = channel1
        a1.channels.channel1.kafka.consumer.group.id = flume-consumer
        """, "a1.channels.channel1", new KafkaChannelFactory());
    assertEquals("channel1", plain.topic());
    assertEquals("flume-consumer", plain.groupId());
    assertEquals("kafka-1:9092,kafka-2:9092,kafka-3:9092", plain.producerProperties().get("bootstrap.servers"));

    KafkaChannelConfig tls = load("""
        a1.channels.channel1.type = org.apache.flume.channel.kafka.KafkaChannel
        a1.channels.channel1.kafka.bootstrap.servers = kafka-1:9093,kafka-2:9093,kafka-3:9093
        a1.channels.channel1.kafka.topic = channel1
        a1.channels.channel1.kafka.consumer.group.id = flume-consumer

        a1.channels.channel1.kafka.producer.security.protocol = SSL
        # optional, the global truststore can be used alternatively
        a1.channels.channel1.kafka.producer.ssl.truststore.location = /path/to/truststore.jks
        a1.channels.channel1.kafka.producer.ssl.truststore.password = <password to access the truststore>
        a1.channels.channel1.kafka.producer.ssl.endpoint.identification.algorithm = HTTPS
        a1.channels.channel1.kafka.producer.ssl.keystore.location = /path/to/client.keystore.jks
        a1.channels.channel1.kafka.producer.ssl.keystore.password = <password to access the keystore>
        a1.channels.channel1.kafka.producer.ssl.key.password = <password to access the key>

        a1.channels.channel1.kafka.consumer.security.protocol = SSL
        # optional, the global truststore can be used alternatively
        a1.channels.channel1.kafka.consumer.ssl.truststore.location = /path/to/truststore.jks
        a1.channels.channel1.kafka.consumer.ssl.truststore.password = <password to access the truststore>
        a1.channels.channel1.kafka.consumer.ssl.endpoint.identification.algorithm = HTTPS
        a1.channels.channel1.kafka.consumer.ssl.keystore.location = /path/to/client.keystore.jks
        a1.channels.channel1.kafka.consumer.ssl.keystore.password = <password to access the keystore>
        a1.channels.channel1.kafka.consumer.ssl.key.password = <password to access the key>
        """, "a1.channels.channel1", new KafkaChannelFactory());
    assertEquals("SSL", tls.producerProperties().get("security.protocol"));
    assertEquals("SSL", tls.consumerProperties().get("security.protocol"));
    assertEquals("HTTPS", tls.consumerProperties().get("ssl.endpoint.identification.algorithm"));

    KafkaChannelConfig kerberos = load("""
        a1.channels.channel1.type = org.apache.flume.channel.kafka.KafkaChannel
        a1.channels.channel1.kafka.bootstrap.servers = kafka-1:9093,kafka-2:9093,kafka-3:9093
        a1.channels.channel1.kafka.topic = channel1
        a1.channels.channel1.kafka.consumer.group.id = flume-consumer

        a1.channels.channel1.kafka.producer.security.protocol = SASL_PLAINTEXT
        a1.channels.channel1.kafka.producer.sasl.mechanism = GSSAPI
        a1.channels.channel1.kafka.producer.sasl.kerberos.service.name = kafka

        a1.channels.channel1.kafka.consumer.security.protocol = SASL_PLAINTEXT
        a1.channels.channel1.kafka.consumer.sasl.mechanism = GSSAPI
        a1.channels.channel1.kafka.consumer.sasl.kerberos.service.name = kafka
        """, "a1.channels.channel1", new KafkaChannelFactory());
    assertEquals("GSSAPI", kerberos.producerProperties().get("sasl.mechanism"));
    assertEquals("SASL_PLAINTEXT", kerberos.consumerProperties().get("security.protocol"));
  }
}
