package io.sluice.kafka;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Builds the properties handed to a Kafka client: the component's pass-through keys under
 * {@code kafka.producer.} or {@code kafka.consumer.} (and the common {@code kafka.} security keys
 * Flume also passes), with Sluice's fixed settings laid over them, then Flume's global TLS
 * settings for the {@code ssl.*} keys still unset ({@link GlobalSslDefaults}). Immutable results;
 * thread-safe.
 */
final class ClientProperties {
  /** Common security keys Flume takes directly under {@code kafka.} for every client. */
  private static final String[] COMMON_PREFIXES = {"security.protocol", "sasl.", "ssl."};

  /**
   * The producer's {@code batch.size} unless {@code kafka.producer.batch.size} is set. Flume leaves it
   * to Kafka (16 KiB), so one transaction of 1000 256-byte events becomes 16 record batches, each a
   * wake-up of the producer's network thread and, past {@code max.in.flight.requests.per.connection},
   * another round trip before the transaction's acknowledgements are all in.
   */
  static final int DEFAULT_PRODUCER_BATCH_BYTES = 64 * 1024;

  private final GlobalSslDefaults globals;

  ClientProperties(GlobalSslDefaults globals) {
    this.globals = globals;
  }

  /**
   * A producer's properties: {@link #build} under {@code kafka.producer.}, with Sluice's default
   * {@code batch.size} where the operator set none.
   */
  Map<String, Object> producer(Map<String, String> raw, Map<String, Object> fixed) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, DEFAULT_PRODUCER_BATCH_BYTES);
    props.putAll(build(raw, CommonKeys.PRODUCER.prefix(), fixed));
    return Map.copyOf(props);
  }

  /**
   * @param raw the component's raw keys relative to it
   * @param clientPrefix {@code kafka.producer.} or {@code kafka.consumer.}
   * @param fixed settings Sluice decides (serializers, bootstrap servers); they win
   */
  Map<String, Object> build(Map<String, String> raw, String clientPrefix, Map<String, Object> fixed) {
    Map<String, Object> props = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String key = e.getKey();
      if (key.startsWith("kafka.") && !key.startsWith("kafka.producer.") && !key.startsWith("kafka.consumer.")) {
        String rest = key.substring("kafka.".length());
        for (String p : COMMON_PREFIXES) {
          if (rest.startsWith(p)) {
            props.put(rest, e.getValue().trim());
          }
        }
      }
    }
    for (Map.Entry<String, String> e : raw.entrySet()) {
      if (e.getKey().startsWith(clientPrefix) && e.getKey().length() > clientPrefix.length()) {
        props.put(e.getKey().substring(clientPrefix.length()), e.getValue().trim());
      }
    }
    props.putAll(fixed);
    String client = (clientPrefix.contains("producer") ? "Kafka producer" : "Kafka consumer")
        + " for " + fixed.get("bootstrap.servers");
    globals.fillIn(props, client);
    return Map.copyOf(props);
  }
}
