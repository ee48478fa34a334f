package io.sluice.core.config;

import io.sluice.api.config.ConfigProblem;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Flume 1.10+'s value substitution: {@code ${env:VAR}}, {@code ${sys:prop}}, with an optional
 * {@code :-default}. Applies to values only, never keys. An unresolvable reference is a problem
 * naming the key, not an empty string: a missing variable is usually a deployment mistake.
 */
public final class ValueSubstitutor {
  private final UnaryOperator<String> env;
  private final UnaryOperator<String> sys;

  public ValueSubstitutor(UnaryOperator<String> env, UnaryOperator<String> sys) {
    this.env = env;
    this.sys = sys;
  }

  public static ValueSubstitutor fromProcess() {
    return new ValueSubstitutor(System::getenv, System::getProperty);
  }

  public static ValueSubstitutor of(Map<String, String> env, Map<String, String> sys) {
    return new ValueSubstitutor(env::get, sys::get);
  }

  /** Returns the value with every reference replaced; adds a problem per unresolvable one. */
  public String substitute(String key, String value, List<ConfigProblem> problems) {
    if (value.indexOf("${") < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      int start = value.indexOf("${", i);
      if (start < 0) {
        out.append(value, i, value.length());
        break;
      }
      int end = value.indexOf('}', start);
      if (end < 0) {
        problems.add(new ConfigProblem(key, "unterminated '${' in value '" + value + "'"));
        return value;
      }
      out.append(value, i, start);
      String resolved = resolve(value.substring(start + 2, end));
      if (resolved == null) {
        problems.add(new ConfigProblem(key, "cannot resolve '" + value.substring(start, end + 1)
            + "': use ${env:NAME} or ${sys:name}, and make sure it is set (or give a default with :-)"));
        return value;
      }
      out.append(resolved);
      i = end + 1;
    }
    return out.toString();
  }

  private String resolve(String reference) {
    String name = reference;
    String fallback = null;
    int dflt = reference.indexOf(":-");
    if (dflt >= 0) {
      name = reference.substring(0, dflt);
      fallback = reference.substring(dflt + 2);
    }
    String found = null;
    if (name.startsWith("env:")) {
      found = env.apply(name.substring(4));
    } else if (name.startsWith("sys:")) {
      found = sys.apply(name.substring(4));
    }
    return found != null ? found : fallback;
  }
}
