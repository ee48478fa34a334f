package io.sluice.kafka;

import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import java.util.Locale;

/**
 * What the Kafka sink does with an event whose record Kafka refuses as too large (over the
 * producer's {@code max.request.size} or {@code buffer.memory}, or the topic's
 * {@code max.message.bytes}): Sluice's key {@code tooLargeRecords}. Flume 1.11 rolls the batch back
 * and sends it again for ever, so one such event stops every event behind it.
 */
public enum TooLargeRecords {
  /** Report and count the event, commit the rest of its batch, go on (the default). */
  SKIP,
  /** Roll the batch back and send it again until Kafka accepts it (Flume's behaviour). */
  STOP;

  static final ConfigKey<String> KEY = ConfigKey.string("tooLargeRecords").defaultValue("skip")
      .oneOf("skip", "stop")
      .doc("Sluice addition: an event Kafka refuses as too large is skipped (skip: logged and counted as"
          + " KafkaRecordTooLargeCount) or its batch is rolled back and sent again until Kafka accepts it"
          + " (stop, Flume's behaviour)");

  /** What an operator can change so that such events go through. */
  static final String REMEDY = "raise kafka.producer.max.request.size (and the topic's max.message.bytes)";

  static TooLargeRecords of(ConfigValues values) {
    return valueOf(values.get(KEY).toUpperCase(Locale.ROOT));
  }
}
