package io.sluice.kafka;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Flume 1.11's {@code header.<flume header> = <kafka header>} keys of the Kafka sink and source:
 * the sink copies each named event header into a Kafka record header (UTF-8), the source copies
 * each named Kafka record header into an event header (replacing one the event already carries;
 * the last of repeated record headers wins). Headers not named are not copied, as in Flume.
 * Immutable.
 */
final class KafkaHeaderMapping {
  static final ConfigPrefix<String> KEY = ConfigPrefix.strings("header.")
      .doc("header.<flume header> = <kafka record header>: headers copied between events and records");
  static final KafkaHeaderMapping NONE = new KafkaHeaderMapping(Map.of());

  private final Map<String, String> flumeToKafka;

  /** @param flumeToKafka Kafka record header names by event header name */
  KafkaHeaderMapping(Map<String, String> flumeToKafka) {
    this.flumeToKafka = Map.copyOf(flumeToKafka);
  }

  /** The {@code header.*} keys: Kafka record header names by event header name. */
  static Map<String, String> configure(ConfigValues v) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : v.get(KEY).entrySet()) {
      String kafkaName = e.getValue().trim();
      if (kafkaName.isEmpty()) {
        throw new ConfigException(KEY.prefix() + e.getKey(), "needs the name of a Kafka record header");
      }
      map.put(e.getKey(), kafkaName);
    }
    return Map.copyOf(map);
  }

  /** Whether no header is mapped (no {@code header.*} key). */
  boolean isEmpty() {
    return flumeToKafka.isEmpty();
  }

  /** The record headers for an event's headers; null when none apply (Flume sends none then). */
  List<Header> toKafka(Map<String, String> eventHeaders) {
    if (flumeToKafka.isEmpty()) {
      return null;
    }
    List<Header> out = new ArrayList<>(flumeToKafka.size());
    for (Map.Entry<String, String> e : flumeToKafka.entrySet()) {
      String value = eventHeaders.get(e.getKey());
      if (value != null) {
        out.add(new RecordHeader(e.getValue(), value.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** Copies the mapped record headers into {@code eventHeaders}; a null value becomes "". */
  void toFlume(Headers recordHeaders, Map<String, String> eventHeaders) {
    for (Map.Entry<String, String> e : flumeToKafka.entrySet()) {
      for (Header h : recordHeaders.headers(e.getValue())) {
        byte[] value = h.value();
        eventHeaders.put(e.getKey(), value == null ? "" : new String(value, StandardCharsets.UTF_8));
      }
    }
  }
}
