package io.sluice.core.config;

import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.serialization.EventSerializerResolver;
import io.sluice.core.text.DidYouMean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks one component's raw keys against its {@link ConfigDef}: unknown keys (with a
 * did-you-mean), missing required keys, malformed values and failed checks all become problems, so
 * a whole config is reported at once. Problems name the full property key.
 */
public final class ConfigParser {

  /** What parsing yielded: values to build the typed config from, and problems and warnings. */
  public record Result(ConfigValues values, List<ConfigProblem> problems, List<String> warnings) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private ConfigParser() {}

  /**
   * @param raw the component's keys relative to it ({@code capacity}, not {@code a1.channels.c1.capacity})
   * @param keyPrefix prepended to every key in problems and warnings ({@code a1.channels.c1.})
   */
  public static Result parse(ConfigDef def, Map<String, String> raw, String keyPrefix) {
    return parse(def, raw, keyPrefix, null);
  }

  /** As {@link #parse(ConfigDef, Map, String)}, the values carrying the agent's serializers. */
  static Result parse(ConfigDef def, Map<String, String> raw, String keyPrefix,
      EventSerializerResolver serializers) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, Object> values = new HashMap<>();
    Map<String, Map<String, Object>> prefixed = new HashMap<>();
    Map<String, ConfigKey<?>> declared = new LinkedHashMap<>();
    for (ConfigKey<?> k : def.keys()) {
      declared.put(k.name(), k);
    }
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String key = e.getKey();
      ConfigKey<?> k = declared.get(key);
      if (k != null) {
        parseKey(k, e.getValue(), keyPrefix, values, problems, warnings);
        continue;
      }
      ConfigPrefix<?> p = matchPrefix(def, key);
      if (p != null) {
        parsePrefixed(p, key, e.getValue(), keyPrefix, prefixed, problems);
      } else if (!def.isOpen()) {
        problems.add(new ConfigProblem(keyPrefix + key, "unknown key"
            + DidYouMean.suggest(key, knownNames(def))));
      }
    }
    for (ConfigKey<?> k : def.keys()) {
      if (k.isRequired() && !raw.containsKey(k.name())) {
        problems.add(new ConfigProblem(keyPrefix + k.name(), "is required" + docSuffix(k)));
      }
    }
    return new Result(new ParsedConfigValues(values, prefixed, raw, serializers), problems,
        warnings);
  }

  private static <T> void parseKey(
      ConfigKey<T> k,
      String rawValue,
      String keyPrefix,
      Map<String, Object> values,
      List<ConfigProblem> problems,
      List<String> warnings) {
    if (k.ignoredReason() != null) {
      warnings.add(keyPrefix + k.name() + " is accepted for Flume compatibility but ignored: "
          + k.ignoredReason());
      return;
    }
    T value;
    try {
      value = k.parse(rawValue);
    } catch (RuntimeException ex) {
      problems.add(new ConfigProblem(keyPrefix + k.name(),
          "'" + rawValue + "' is not a valid " + k.typeName()));
      return;
    }
    for (ConfigKey.Check<T> check : k.checks()) {
      boolean passed;
      try {
        passed = check.test().test(value);
      } catch (RuntimeException ex) {
        passed = false;
      }
      if (!passed) {
        problems.add(new ConfigProblem(keyPrefix + k.name(),
            "'" + rawValue.trim() + "' must be " + check.expectation()));
        return;
      }
    }
    values.put(k.name(), value);
  }

  private static void parsePrefixed(
      ConfigPrefix<?> p,
      String key,
      String rawValue,
      String keyPrefix,
      Map<String, Map<String, Object>> prefixed,
      List<ConfigProblem> problems) {
    String suffix = key.substring(p.prefix().length());
    try {
      prefixed.computeIfAbsent(p.prefix(), x -> new LinkedHashMap<>()).put(suffix, p.parse(rawValue));
    } catch (RuntimeException ex) {
      problems.add(new ConfigProblem(keyPrefix + key,
          "'" + rawValue + "' is not a valid " + p.typeName()));
    }
  }

  /**
   * Null when {@code def} takes {@code key}; otherwise the problem with it ({@code unknown key (did
   * you mean 'capacity'?)}), the same text {@link #parse} reports.
   */
  static String unknownKey(ConfigDef def, String key) {
    if (def.isOpen() || matchPrefix(def, key) != null
        || def.keys().stream().anyMatch(k -> k.name().equals(key))) {
      return null;
    }
    return "unknown key" + DidYouMean.suggest(key, knownNames(def));
  }

  private static ConfigPrefix<?> matchPrefix(ConfigDef def, String key) {
    for (ConfigPrefix<?> p : def.prefixes()) {
      if (key.startsWith(p.prefix()) && key.length() > p.prefix().length()) {
        return p;
      }
    }
    return null;
  }

  private static List<String> knownNames(ConfigDef def) {
    List<String> names = new ArrayList<>();
    def.keys().forEach(k -> names.add(k.name()));
    def.prefixes().forEach(p -> names.add(p.prefix() + "<name>"));
    return names;
  }

  private static String docSuffix(ConfigKey<?> k) {
    return k.doc().isEmpty() ? "" : " (" + k.doc() + ")";
  }
}
