package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The Kafka source's headers per record, Flume's names and values, whichever map holds them. */
class RecordDecoderTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(99), ZoneOffset.UTC);

  private static RecordDecoder decoder(boolean setTopicHeader, String topicHeader, KafkaHeaderMapping mapping) {
    return new RecordDecoder("source r1", false, UndecodableRecords.SKIP, setTopicHeader, topicHeader, mapping,
        CLOCK, new MetricsRegistry().group("SOURCE.r1"));
  }

  private static ConsumerRecord<String, byte[]> record(long timestamp, String key, RecordHeaders headers) {
    return new ConsumerRecord<>("orders", 2, 41, timestamp, TimestampType.CREATE_TIME, 0, 3, key,
        "abc".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
  }

  @Test
  void flumesDefaultsGiveOneSmallMapOfFlumesHeaders() {
    Event e = decoder(true, "topic", KafkaHeaderMapping.NONE).decode(record(17, "k", new RecordHeaders()));
    assertInstanceOf(RecordHeaderMap.class, e.getHeaders());
    assertEquals(Map.of("timestamp", "17", "topic", "orders", "partition", "2", "offset", "41", "key", "k"),
        e.getHeaders());
    assertEquals(List.of("timestamp", "topic", "partition", "offset", "key"), List.copyOf(e.getHeaders().keySet()));
    assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), e.getBody());

    // no topic header, no key, no record timestamp (the clock's then)
    Event bare = decoder(false, "topic", KafkaHeaderMapping.NONE).decode(record(-1, null, new RecordHeaders()));
    assertEquals(Map.of("timestamp", "99", "partition", "2", "offset", "41"), bare.getHeaders());
    bare.getHeaders().put("host", "h1"); // an interceptor's header
    assertEquals("h1", bare.header("host"));
    assertEquals(4, bare.getHeaders().size());
  }

  @Test
  void aTopicHeaderNamedLikeAnotherHeaderAndMappedRecordHeadersKeepFlumesPrecedence() {
    // Flume puts the topic first under its name, so the offset that follows does not replace it
    Event shadowing = decoder(true, "offset", KafkaHeaderMapping.NONE).decode(record(17, null, new RecordHeaders()));
    assertEquals(Map.of("timestamp", "17", "offset", "orders", "partition", "2"), shadowing.getHeaders());

    RecordHeaders headers = new RecordHeaders(List.of(new RecordHeader("ts", "5".getBytes(StandardCharsets.UTF_8))));
    Event mapped = decoder(true, "topic", new KafkaHeaderMapping(Map.of("timestamp", "ts")))
        .decode(record(17, null, headers));
    assertEquals(Map.of("timestamp", "5", "topic", "orders", "partition", "2", "offset", "41"), mapped.getHeaders());
  }
}
