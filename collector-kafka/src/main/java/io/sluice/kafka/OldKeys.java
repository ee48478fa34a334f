package io.sluice.kafka;

import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import org.slf4j.Logger;

/**
 * Flume's pre-1.7 Kafka key spellings that 1.11 still maps ({@code brokerList}, {@code topic},
 * {@code requiredAcks}, {@code batchSize}, {@code groupId}): each is honoured when its new spelling
 * is unset, and logs one deprecation warning per component load naming the key to use instead.
 */
final class OldKeys {
  private final ConfigValues values;
  private final Logger log;

  OldKeys(ConfigValues values, Logger log) {
    this.values = values;
    this.log = log;
  }

  /** The value of {@code current}, or of {@code old} (with a warning) when only the old key is set. */
  <T> T pick(ConfigKey<T> current, ConfigKey<T> old) {
    if (!values.isSet(old)) {
      return values.get(current);
    }
    if (values.isSet(current)) {
      log.warn("'{}' is deprecated and overridden by '{}', which is also set; remove '{}'", old.name(),
          current.name(), old.name());
      return values.get(current);
    }
    log.warn("'{}' is deprecated; use '{}' (the value is taken this time)", old.name(), current.name());
    return values.get(old);
  }

  /** As {@link #pick}, for an old key whose value lands under a pass-through prefix. */
  String pickRaw(String currentName, String currentValue, ConfigKey<String> old) {
    if (!values.isSet(old)) {
      return currentValue;
    }
    if (currentValue != null) {
      log.warn("'{}' is deprecated and overridden by '{}', which is also set; remove '{}'", old.name(),
          currentName, old.name());
      return currentValue;
    }
    log.warn("'{}' is deprecated; use '{}' (the value is taken this time)", old.name(), currentName);
    return values.get(old);
  }
}
