package io.sluice.core.config;

import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.serialization.EventSerializerResolver;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The values {@link ConfigParser} produced for one component. Immutable. */
final class ParsedConfigValues implements ConfigValues {
  private final Map<String, Object> values;
  private final Map<String, Map<String, Object>> prefixed;
  private final Map<String, String> raw;
  private final EventSerializerResolver serializers;

  ParsedConfigValues(Map<String, Object> values, Map<String, Map<String, Object>> prefixed,
      Map<String, String> raw, EventSerializerResolver serializers) {
    this.values = values;
    this.prefixed = prefixed;
    this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    this.serializers = serializers;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return values.containsKey(key.name()) ? (T) values.get(key.name()) : key.defaultValue();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Map<String, T> get(ConfigPrefix<T> prefix) {
    Map<String, Object> m = prefixed.getOrDefault(prefix.prefix(), Map.of());
    return Collections.unmodifiableMap((Map<String, T>) (Map<String, ?>) m);
  }

  @Override
  public boolean isSet(ConfigKey<?> key) {
    return values.containsKey(key.name());
  }

  @Override
  public Map<String, String> raw() {
    return raw;
  }

  @Override
  public EventSerializerResolver serializerResolver() {
    return serializers;
  }
}
