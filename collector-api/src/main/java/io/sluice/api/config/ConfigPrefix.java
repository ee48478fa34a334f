package io.sluice.api.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * A family of keys sharing a prefix, such as Flume's {@code processor.priority.<sink>} or
 * {@code selector.mapping.<value>}; the suffix after the prefix is the map key of the parsed values.
 */
public final class ConfigPrefix<T> {
  private final String prefix;
  private final String typeName;
  private final Function<String, T> parser;
  private final String doc;

  private ConfigPrefix(String prefix, String typeName, Function<String, T> parser, String doc) {
    this.prefix = Objects.requireNonNull(prefix);
    this.typeName = typeName;
    this.parser = parser;
    this.doc = doc;
  }

  public static ConfigPrefix<String> strings(String prefix) {
    return new ConfigPrefix<>(prefix, "string", String::trim, "");
  }

  public static ConfigPrefix<Integer> integers(String prefix) {
    return new ConfigPrefix<>(prefix, "integer", s -> Integer.valueOf(s.trim()), "");
  }

  public ConfigPrefix<T> doc(String text) {
    return new ConfigPrefix<>(prefix, typeName, parser, text);
  }

  public String prefix() {
    return prefix;
  }

  public String typeName() {
    return typeName;
  }

  public String doc() {
    return doc;
  }

  public T parse(String raw) {
    return parser.apply(raw);
  }

  @Override
  public String toString() {
    return prefix + "*";
  }
}
