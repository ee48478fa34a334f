package io.sluice.kafka;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigValues;

/** Keys every Kafka component shares (Flume 1.11's spellings). */
final class CommonKeys {
  static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.string("kafka.bootstrap.servers")
      .doc("Kafka brokers, host:port,host:port (required)");
  static final ConfigKey<String> BROKER_LIST = ConfigKey.string("brokerList")
      .doc("Deprecated spelling of kafka.bootstrap.servers");
  static final ConfigKey<String> SECURITY_PROTOCOL = ConfigKey.string("kafka.security.protocol")
      .doc("Passed to the client as security.protocol (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)");
  static final ConfigPrefix<String> SASL = ConfigPrefix.strings("kafka.sasl.")
      .doc("Passed to the client as sasl.*");
  static final ConfigPrefix<String> SSL = ConfigPrefix.strings("kafka.ssl.")
      .doc("Passed to the client as ssl.*");
  static final ConfigPrefix<String> PRODUCER = ConfigPrefix.strings("kafka.producer.")
      .doc("Any Kafka producer setting, passed through");
  static final ConfigPrefix<String> CONSUMER = ConfigPrefix.strings("kafka.consumer.")
      .doc("Any Kafka consumer setting, passed through");

  /** A Sluice addition: the producer alone fails a batch only after delivery.timeout.ms (120 s). */
  static final ConfigKey<Long> STALL_WARNING = ConfigKey.longInt("stallWarningMillis").defaultValue(10_000L)
      .atLeast(1).doc("How long a batch may wait for Kafka's acknowledgements before the component logs"
          + " 'Kafka unreachable' (it goes on waiting, up to the producer's delivery.timeout.ms)");

  /**
   * A Sluice addition: Flume commits a consumer's offsets after every transaction, which at small
   * batches is as many requests to the group coordinator as produce or fetch requests. The default
   * holds a busy consumer to ten commits a second, which the coordinator does not feel, while a
   * crash re-delivers no more than a tenth of a second's records.
   */
  static final ConfigKey<Long> OFFSET_COMMIT_INTERVAL = ConfigKey.longInt("offsetCommitIntervalMillis")
      .defaultValue(100L).between(0L, 60_000L)
      .doc("Least time (ms) between two offset commits of a consumer while records keep coming; a poll"
          + " that finds none commits at once. Offsets are only ever committed after their events are"
          + " in the channel; a crash re-delivers about this long's records (0 = after every"
          + " transaction, as Flume, with one commit in flight at a time)");

  private CommonKeys() {}

  static String bootstrapServers(ConfigValues values, OldKeys old) {
    String servers = old.pick(BOOTSTRAP_SERVERS, BROKER_LIST);
    if (servers == null || servers.isEmpty()) {
      throw new ConfigException(BOOTSTRAP_SERVERS.name(), "is required (host:port of one or more brokers)");
    }
    return servers;
  }
}
