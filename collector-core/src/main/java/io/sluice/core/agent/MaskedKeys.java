package io.sluice.core.agent;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Component keys as they may appear in a log line: the value of every key whose name holds
 * {@code password}, {@code secret}, {@code digest}, {@code token} or {@code keytab} is replaced by
 * {@code ****}. Stateless.
 */
final class MaskedKeys {
  private static final String[] SECRET_WORDS = {"password", "secret", "digest", "token", "keytab"};

  private MaskedKeys() {}

  static Map<String, String> of(Map<String, String> keys) {
    Map<String, String> out = new LinkedHashMap<>();
    keys.forEach((k, v) -> out.put(k, isSecret(k) ? "****" : v));
    return out;
  }

  static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (String w : SECRET_WORDS) {
      if (k.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
