package io.sluice.core.config;

import io.sluice.api.config.ConfigProblem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code ${...}} references and config filters a config may use. A local file may use them
 * all, as in Flume. A config read from ZooKeeper is written by whoever may write its node, who must
 * not be able to read this host's environment, system properties or files through it (or run a
 * command, with an {@code external} filter): there only the references the agent's own operator
 * allows resolve, and {@value #FILTERS} must be allowed for config filters to be built. Immutable.
 */
public final class ReferencePolicy {
  /** The allowed name that lets a config define config filters. */
  public static final String FILTERS = "configfilters";
  /** Everything allowed: a local file. */
  public static final ReferencePolicy ANY = new ReferencePolicy(null, "", "");

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern FILTER_REFERENCE = Pattern.compile("[A-Za-z0-9_\\-]+\\[.*]");

  private final Set<String> allowed; // null: any
  private final String origin;
  private final String howToAllow;

  private ReferencePolicy(Set<String> allowed, String origin, String howToAllow) {
    this.allowed = allowed;
    this.origin = origin;
    this.howToAllow = howToAllow;
  }

  /**
   * Only the listed references resolve: {@code env:NAME}, {@code sys:name} and {@value #FILTERS}.
   *
   * @param origin where the config comes from, for the error ("the config in ZooKeeper at /x")
   * @param howToAllow how the operator allows a name, for the error
   */
  public static ReferencePolicy only(Set<String> allowed, String origin, String howToAllow) {
    return new ReferencePolicy(Set.copyOf(allowed), origin, howToAllow);
  }

  /**
   * One problem per key of {@code props} (the agent's own keys) that uses what this policy
   * refuses, naming the key and what it refers to (never the rest of the value).
   */
  List<ConfigProblem> refusals(String agent, Map<String, String> props) {
    List<ConfigProblem> out = new ArrayList<>();
    if (allowed == null) {
      return out;
    }
    String filterList = agent + "." + FILTERS;
    props.forEach((key, value) -> {
      Set<String> refused = new LinkedHashSet<>();
      if (key.equals(filterList) && !value.isBlank() && !allowed.contains(FILTERS)) {
        refused.add("config filters");
      }
      Matcher m = REFERENCE.matcher(value);
      while (m.find()) {
        String inner = m.group(1);
        String name = inner.contains(":-") ? inner.substring(0, inner.indexOf(":-")) : inner;
        if (name.startsWith("env:") || name.startsWith("sys:")) {
          if (!allowed.contains(name)) {
            refused.add("'${" + name + "}'");
          }
        } else if (FILTER_REFERENCE.matcher(inner).matches() && !allowed.contains(FILTERS)) {
          refused.add("config filter reference '${" + inner + "}'");
        }
      }
      if (!refused.isEmpty()) {
        out.add(new ConfigProblem(key, "uses " + String.join(", ", refused) + ", refused in "
            + origin + ": its writers must not read this host's environment, properties or files"
            + " (" + howToAllow + ")"));
      }
    });
    return out;
  }
}
