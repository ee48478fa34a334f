package io.sluice.core.processing.interceptor;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Regex config keys: declared with a compile check, compiled once when configured. Stateless. */
final class Patterns {
  private Patterns() {}

  /** A string key whose value must compile as a {@link Pattern}. */
  static ConfigKey<String> regexKey(String name) {
    return ConfigKey.string(name).check(Patterns::compiles, "a valid regular expression");
  }

  /** Compiles a key's value, or throws a ConfigException naming the key and the syntax error. */
  static Pattern compile(ConfigKey<String> key, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(key.name(),
          "'" + regex + "' is not a valid regular expression: " + e.getDescription());
    }
  }

  private static boolean compiles(String regex) {
    try {
      Pattern.compile(regex);
      return true;
    } catch (PatternSyntaxException e) {
      return false;
    }
  }
}
