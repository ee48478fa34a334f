package io.sluice.coordination;

import io.sluice.api.config.ConfigProblem;
import io.sluice.core.text.DidYouMean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a topology's properties and builds it, collecting every problem (each naming its key)
 * instead of stopping at the first. One instance per document; not thread-safe.
 */
public final class TopologyValidator {
  static final String VERSION = "version";
  static final String ROUTES = "routes";
  static final String ROUTE = "route.";
  static final Set<String> ROUTE_KEYS = Set.of("tier", "mode", "selector", "batch-size",
      "connect-timeout", "request-timeout", "compression-type", "compression-level", "ssl");
  static final String PRIORITY = "priority.";
  /** The document itself, for problems no single key causes. */
  static final String DOCUMENT = "topology";
  /**
   * Caps that keep a hostile or mistaken document (ZooKeeper allows 1 MiB) from costing the
   * edges seconds of CPU per version: far above any real fleet (routes of 64 members each).
   */
  public static final int MAX_ROUTES = 1_000;
  public static final int MAX_KEYS = 20_000;
  /** Problems listed one by one; the rest are counted in one line. */
  static final int MAX_PROBLEMS = 50;
  /** Longer keys get no suggestion: edit distance costs the product of the two lengths. */
  static final int MAX_SUGGESTED_KEY_LENGTH = 200;

  private final Map<String, String> props;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private int unlisted;
  private final Set<String> used = new LinkedHashSet<>();
  /** The priority keys of each edge group, gathered in one pass over the keys. */
  private final Map<String, List<String>> priorityKeys = new LinkedHashMap<>();

  private TopologyValidator(Map<String, String> props) {
    this.props = props;
  }

  /** The outcome: a topology when {@link #problems} is empty. */
  public record Result(Topology topology, List<ConfigProblem> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  public static Result validate(Map<String, String> props) {
    return new TopologyValidator(props).run();
  }

  private Result run() {
    if (props.size() > MAX_KEYS) {
      problem(DOCUMENT, "has " + props.size() + " keys; at most " + MAX_KEYS + " are allowed");
      return result(null);
    }
    long version = number(VERSION, 0, Long::parseLong, 0L);
    Map<String, Route> routes = new LinkedHashMap<>();
    String list = take(ROUTES);
    String[] groups = list == null || list.isBlank() ? new String[0] : list.split("\\s+");
    if (groups.length == 0) {
      problem(ROUTES, "required: the edge groups this topology routes, separated by spaces");
    } else if (groups.length > MAX_ROUTES) {
      problem(ROUTES, "lists " + groups.length + " edge groups; at most " + MAX_ROUTES
          + " are allowed");
      return result(null);
    } else {
      indexPriorityKeys();
      for (String group : groups) {
        if (routes.containsKey(group)) {
          problem(ROUTES, "edge group '" + group + "' is listed twice");
        } else if (validName(ROUTES, "edge group", group)) {
          routes.put(group, route(group));
        }
      }
    }
    unknownKeys(routes.keySet());
    return result(new Topology(version, routes));
  }

  private Result result(Topology topology) {
    if (problems.isEmpty()) {
      return new Result(topology, List.of());
    }
    List<ConfigProblem> out = new ArrayList<>(problems);
    if (unlisted > 0) {
      out.add(new ConfigProblem(DOCUMENT, "and " + unlisted + " more problems"));
    }
    return new Result(null, List.copyOf(out));
  }

  private void indexPriorityKeys() {
    for (String key : props.keySet()) {
      String group = routeOf(key);
      if (group != null && key.startsWith(ROUTE + group + "." + PRIORITY)) {
        priorityKeys.computeIfAbsent(group, g -> new ArrayList<>()).add(key);
      }
    }
  }

  private Route route(String group) {
    String p = ROUTE + group + ".";
    String tier = take(p + "tier");
    if (tier == null) {
      problem(p + "tier", "required: the tier this edge group sends to");
      tier = "?";
    } else {
      validName(p + "tier", "tier", tier);
    }
    Route.Mode mode = choice(p + "mode", Route.Mode.values(), Route.Mode.FAILOVER, Route.Mode::key);
    Route.Selector selector = choice(p + "selector", Route.Selector.values(), null,
        Route.Selector::key);
    if (selector != null && mode != Route.Mode.LOAD_BALANCE) {
      problem(p + "selector", "only applies to mode load_balance");
    }
    Map<String, Integer> priorities = priorities(p, mode);
    boolean tls = bool(p + "ssl");
    return new Route(group, tier, mode, selector == null ? Route.Selector.ROUND_ROBIN : selector,
        priorities, hop(p), tls);
  }

  /** The Avro sink settings the route sets; the ones it leaves out stay the edges' own. */
  private HopSettings hop(String p) {
    Integer batch = number(p + "batch-size", 1, Integer::parseInt, null);
    Long connect = number(p + "connect-timeout", 1, Long::parseLong, null);
    Long request = number(p + "request-timeout", 1, Long::parseLong, null);
    Route.Compression compression = choice(p + "compression-type", Route.Compression.values(),
        null, Route.Compression::key);
    Integer level = number(p + "compression-level", 1, Integer::parseInt, null);
    if (level != null && level > 9) {
      problem(p + "compression-level", "must be 1..9, not " + level);
    }
    return new HopSettings(batch == null ? OptionalInt.empty() : OptionalInt.of(batch),
        Optional.ofNullable(connect).map(Duration::ofMillis),
        Optional.ofNullable(request).map(Duration::ofMillis), Optional.ofNullable(compression),
        level == null ? OptionalInt.empty() : OptionalInt.of(level));
  }

  private Map<String, Integer> priorities(String p, Route.Mode mode) {
    Map<String, Integer> out = new LinkedHashMap<>();
    String group = p.substring(ROUTE.length(), p.length() - 1);
    for (String key : priorityKeys.getOrDefault(group, List.of())) {
      String member = key.substring((p + PRIORITY).length());
      used.add(key);
      if (mode != Route.Mode.FAILOVER) {
        problem(key, "priorities only apply to mode failover");
      } else if (validName(key, "member id", member)) {
        out.put(member, number(key, 0, Integer::parseInt, 0));
      }
    }
    return out;
  }

  private void unknownKeys(Set<String> groups) {
    for (String key : props.keySet()) {
      if (used.contains(key)) {
        continue;
      }
      String routeOf = routeOf(key);
      if (routeOf != null && !groups.contains(routeOf)) {
        problem(key, "edge group '" + routeOf + "' is not listed in 'routes'");
      } else {
        problem(key, "unknown key" + suggestion(key, routeOf != null ? routeOf
            : secondPart(key), groups));
      }
    }
  }

  /**
   * Compared with the top-level keys and those of the route it names (as in {@code rute.web.tier}),
   * not with every route's: and only while problems are still listed one by one.
   */
  private String suggestion(String key, String group, Set<String> groups) {
    if (problems.size() >= MAX_PROBLEMS || key.length() > MAX_SUGGESTED_KEY_LENGTH) {
      return "";
    }
    List<String> known = new ArrayList<>(List.of(VERSION, ROUTES));
    if (group != null && groups.contains(group)) {
      ROUTE_KEYS.forEach(k -> known.add(ROUTE + group + "." + k));
    }
    return DidYouMean.suggest(key, known);
  }

  /** {@code b} of {@code a.b.c}, or null. */
  private static String secondPart(String key) {
    String[] parts = key.split("\\.", 3);
    return parts.length == 3 ? parts[1] : null;
  }

  private static String routeOf(String key) {
    if (!key.startsWith(ROUTE)) {
      return null;
    }
    int dot = key.indexOf('.', ROUTE.length());
    return dot < 0 ? null : key.substring(ROUTE.length(), dot);
  }

  private String take(String key) {
    used.add(key);
    String v = props.get(key);
    return v == null ? null : v.trim();
  }

  private <T extends Number & Comparable<T>> T number(String key, long min,
      Function<String, T> parse, T fallback) {
    String v = take(key);
    if (v == null) {
      return fallback;
    }
    try {
      T n = parse.apply(v);
      if (n.longValue() < min) {
        problem(key, "must be at least " + min + ", not " + v);
        return fallback;
      }
      return n;
    } catch (NumberFormatException e) {
      problem(key, "must be a whole number, not '" + v + "'");
      return fallback;
    }
  }

  private boolean bool(String key) {
    String v = take(key);
    if (v == null) {
      return false;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        problem(key, "must be true or false, not '" + v + "'");
        yield false;
      }
    };
  }

  private <E> E choice(String key, E[] values, E fallback, Function<E, String> name) {
    String v = take(key);
    if (v == null) {
      return fallback;
    }
    for (E e : values) {
      if (name.apply(e).equalsIgnoreCase(v)) {
        return e;
      }
    }
    List<String> names = Arrays.stream(values).map(name).toList();
    problem(key, "must be one of " + names + ", not '" + v + "'" + DidYouMean.suggest(v, names));
    return fallback;
  }

  private boolean validName(String key, String what, String name) {
    try {
      ZkPaths.checkName(what, name);
      return true;
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return false;
    }
  }

  private void problem(String key, String message) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(new ConfigProblem(key, message));
    } else {
      unlisted++;
    }
  }
}
