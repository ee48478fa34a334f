package io.sluice.api.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One declared configuration key of a component: its name (Flume's spelling), value type, default,
 * checks and a doc line. Keys are immutable; the fluent methods return copies, so a key is declared
 * once as a constant:
 *
 * <pre>{@code
 * static final ConfigKey<Integer> CAPACITY =
 *     ConfigKey.integer("capacity").defaultValue(100).atLeast(1).doc("Most events held");
 * }</pre>
 *
 * @param <T> the parsed value type
 */
public final class ConfigKey<T> {

  /** A value check with the phrase used in its error ("must be " + expectation). */
  public record Check<T>(Predicate<T> test, String expectation) {}

  private final String name;
  private final String typeName;
  private final Function<String, T> parser;
  private final T defaultValue;
  private final boolean required;
  private final List<Check<T>> checks;
  private final String doc;
  private final String ignoredReason;

  private ConfigKey(
      String name,
      String typeName,
      Function<String, T> parser,
      T defaultValue,
      boolean required,
      List<Check<T>> checks,
      String doc,
      String ignoredReason) {
    this.name = Objects.requireNonNull(name);
    this.typeName = typeName;
    this.parser = parser;
    this.defaultValue = defaultValue;
    this.required = required;
    this.checks = List.copyOf(checks);
    this.doc = doc;
    this.ignoredReason = ignoredReason;
  }

  public static ConfigKey<String> string(String name) {
    return new ConfigKey<>(name, "string", String::trim, null, false, List.of(), "", null);
  }

  public static ConfigKey<Integer> integer(String name) {
    return new ConfigKey<>(name, "integer", s -> Integer.valueOf(s.trim()), null, false, List.of(), "", null);
  }

  public static ConfigKey<Long> longInt(String name) {
    return new ConfigKey<>(name, "integer", s -> Long.valueOf(s.trim()), null, false, List.of(), "", null);
  }

  public static ConfigKey<Double> decimal(String name) {
    return new ConfigKey<>(name, "number", s -> Double.valueOf(s.trim()), null, false, List.of(), "", null);
  }

  public static ConfigKey<Boolean> bool(String name) {
    return new ConfigKey<>(name, "boolean (true|false)", ConfigKey::parseBoolean, null, false, List.of(), "", null);
  }

  /** A whitespace-separated list, Flume's list syntax ({@code a1.sources = r1 r2}). */
  public static ConfigKey<List<String>> list(String name) {
    return new ConfigKey<>(name, "list", ConfigKey::parseList, null, false, List.of(), "", null);
  }

  /**
   * A Flume key Sluice accepts but deliberately does not use; the runtime logs one warning with the
   * reason when it is set.
   */
  public static ConfigKey<String> ignored(String name, String reason) {
    return new ConfigKey<>(name, "string", String::trim, null, false, List.of(), reason, reason);
  }

  public ConfigKey<T> defaultValue(T value) {
    return new ConfigKey<>(name, typeName, parser, value, required, checks, doc, ignoredReason);
  }

  public ConfigKey<T> required() {
    return new ConfigKey<>(name, typeName, parser, defaultValue, true, checks, doc, ignoredReason);
  }

  public ConfigKey<T> doc(String text) {
    return new ConfigKey<>(name, typeName, parser, defaultValue, required, checks, text, ignoredReason);
  }

  public ConfigKey<T> check(Predicate<T> test, String expectation) {
    List<Check<T>> more = new ArrayList<>(checks);
    more.add(new Check<>(test, expectation));
    return new ConfigKey<>(name, typeName, parser, defaultValue, required, more, doc, ignoredReason);
  }

  /** For numeric keys: the value must be at least {@code min}. */
  public ConfigKey<T> atLeast(long min) {
    return check(v -> ((Number) v).doubleValue() >= min, "at least " + min);
  }

  /** For numeric keys: the value must lie in {@code [min, max]}. */
  public ConfigKey<T> between(long min, long max) {
    return check(
        v -> ((Number) v).doubleValue() >= min && ((Number) v).doubleValue() <= max,
        "between " + min + " and " + max);
  }

  /** For string keys: the value must be one of {@code allowed} (case-insensitive). */
  public ConfigKey<T> oneOf(String... allowed) {
    List<String> ok = Arrays.asList(allowed);
    return check(
        v -> ok.stream().anyMatch(a -> a.equalsIgnoreCase(String.valueOf(v))),
        "one of " + String.join(", ", ok));
  }

  public String name() {
    return name;
  }

  public String typeName() {
    return typeName;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public boolean isRequired() {
    return required;
  }

  public List<Check<T>> checks() {
    return checks;
  }

  public String doc() {
    return doc;
  }

  /** Non-null when Sluice accepts this Flume key but ignores it; the reason is logged. */
  public String ignoredReason() {
    return ignoredReason;
  }

  /** Parses a raw value; throws IllegalArgumentException (e.g. NumberFormatException) when malformed. */
  public T parse(String raw) {
    return parser.apply(raw);
  }

  private static Boolean parseBoolean(String s) {
    String v = s.trim();
    if (v.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (v.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("not a boolean");
  }

  private static List<String> parseList(String s) {
    String v = s.trim();
    return v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
  }

  @Override
  public String toString() {
    return name;
  }
}
