package io.sluice.kafka;

import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import java.util.Locale;

/**
 * What a Kafka source ({@code useFlumeEventFormat}) or channel ({@code parseAsFlumeEvent}) does with
 * a record that is not an {@code AvroFlumeEvent}: Sluice's key {@code undecodableRecords} (Flume
 * 1.11 has none).
 */
public enum UndecodableRecords {
  /** Report and count the record, commit past it, go on (the default). */
  SKIP,
  /**
   * Report and count it, stop consuming its partition just before it (nothing after it is taken,
   * its offset is not committed); the other partitions go on.
   */
  STOP;

  static final ConfigKey<String> KEY = ConfigKey.string("undecodableRecords").defaultValue("skip")
      .oneOf("skip", "stop")
      .doc("Sluice addition: a record that is not an AvroFlumeEvent is skipped (skip) or halts its"
          + " partition before it (stop); either way it is reported once and counted");

  static UndecodableRecords of(ConfigValues values) {
    return valueOf(values.get(KEY).toUpperCase(Locale.ROOT));
  }
}
