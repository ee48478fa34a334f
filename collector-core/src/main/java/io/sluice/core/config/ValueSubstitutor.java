package io.sluice.core.config;

import io.sluice.api.config.ConfigProblem;
import io.sluice.core.text.DidYouMean;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flume 1.10+'s value substitution: {@code ${env:VAR}}, {@code ${sys:prop}}, with an optional
 * {@code :-default}, and Flume 1.11's config filter references {@code ${f1['key']}} (or
 * {@code ${f1["key"]}}) for the filters an agent lists in {@code <agent>.configfilters}. Applies to
 * values only, never keys. An unresolvable reference is a problem naming the key, not an empty
 * string: a missing variable is usually a deployment mistake.
 */
public final class ValueSubstitutor {
  private static final Pattern FILTER_REFERENCE =
      Pattern.compile("([A-Za-z0-9_\\-]+)\\[(['\"])(.+)\\2\\]");

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

  /** The environment variable {@code name} as this substitutor sees it, or null. */
  String env(String name) {
    return env.apply(name);
  }

  /** Returns the value with every reference replaced; adds a problem per unresolvable one. */
  public String substitute(String key, String value, List<ConfigProblem> problems) {
    return substitute(key, value, Map.of(), problems);
  }

  /**
   * As {@link #substitute(String, String, List)}, also resolving {@code ${name['key']}} with
   * {@code filters}. On any problem the value is returned as written.
   */
  public String substitute(String key, String value, Map<String, ? extends ConfigFilter> filters,
      List<ConfigProblem> problems) {
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
        // Not the value itself: it may be a password.
        problems.add(new ConfigProblem(key, "unterminated '${' at character " + (start + 1)
            + " of the value"));
        return value;
      }
      out.append(value, i, start);
      String reference = value.substring(start, end + 1);
      Matcher filter = FILTER_REFERENCE.matcher(value.substring(start + 2, end));
      String resolved;
      if (filter.matches()) {
        String problem = null;
        ConfigFilter f = filters.get(filter.group(1));
        resolved = null;
        if (f == null) {
          problem = "'" + reference + "' names config filter '" + filter.group(1)
              + "', which is not listed in <agent>.configfilters"
              + DidYouMean.suggest(filter.group(1), filters.keySet());
        } else {
          try {
            resolved = f.filter(filter.group(3));
            if (resolved == null) {
              problem = "cannot resolve '" + reference + "': config filter '" + filter.group(1)
                  + "' has no value for '" + filter.group(3) + "'";
            }
          } catch (Exception e) {
            if (e instanceof InterruptedException) {
              Thread.currentThread().interrupt();
            }
            problem = "cannot resolve '" + reference + "': config filter '" + filter.group(1)
                + "' failed: " + e.getMessage();
          }
        }
        if (problem != null) {
          problems.add(new ConfigProblem(key, problem));
          return value;
        }
      } else {
        String name = value.substring(start + 2, end);
        resolved = resolve(name);
        if (resolved == null) {
          // A reference that is no ${env:} or ${sys:} may be part of a password: not echoed.
          String what = name.startsWith("env:") || name.startsWith("sys:") ? "'" + reference + "'"
              : "the '${...}' at character " + (start + 1) + " of the value";
          problems.add(new ConfigProblem(key, "cannot resolve " + what + ": use"
              + " ${env:NAME}, ${sys:name} or ${filter['key']}, and make sure it is set (or give a"
              + " default with :-)"));
          return value;
        }
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
