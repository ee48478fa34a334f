package io.sluice.deploy.reference;

import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.api.spi.ComponentKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes the configuration reference, {@code docs/reference/}, from the {@code ConfigDef} of every
 * component factory found with {@link ServiceLoader} (the way the agent finds them): one Markdown
 * page per component kind, each listing its types with every key's type, default, checks and doc
 * line, plus an index. The text depends only on the factories, so it is stable from run to run.
 * Stateless.
 */
public final class ReferencePages {
  /** The page of each kind, in the order of the index. */
  private static final Map<ComponentKind, String> PAGES = pages();

  private ReferencePages() {}

  private static Map<ComponentKind, String> pages() {
    Map<ComponentKind, String> m = new LinkedHashMap<>();
    m.put(ComponentKind.SOURCE, "sources.md");
    m.put(ComponentKind.CHANNEL, "channels.md");
    m.put(ComponentKind.SINK, "sinks.md");
    m.put(ComponentKind.SINK_PROCESSOR, "sink-processors.md");
    m.put(ComponentKind.CHANNEL_SELECTOR, "channel-selectors.md");
    m.put(ComponentKind.INTERCEPTOR, "interceptors.md");
    m.put(ComponentKind.DISCOVERY, "discovery.md");
    return m;
  }

  /** File name (relative to {@code docs/reference/}) to content, for the factories of the loader. */
  public static Map<String, String> render(ClassLoader loader) {
    List<ComponentFactory<?>> factories = new ArrayList<>();
    ServiceLoader.load(ComponentFactory.class, loader).forEach(factories::add);
    factories.sort(Comparator.comparing((ComponentFactory<?> f) -> f.type().toLowerCase())
        .thenComparing(ComponentFactory::type));
    Map<String, String> out = new LinkedHashMap<>();
    out.put("README.md", index(factories));
    PAGES.forEach((kind, file) -> out.put(file, page(kind, title(file),
        factories.stream().filter(f -> f.kind() == kind).toList())));
    return out;
  }

  private static String index(List<ComponentFactory<?>> factories) {
    StringBuilder sb = new StringBuilder(header("Configuration reference"));
    sb.append("Every key of every component type, from the declarations the agent checks configs"
        + " against:\nits type, default, the values it accepts and what it does. Framework keys"
        + " (`type`,\n`channels`/`channel`, `selector.*`, `interceptors`, a sink group's `sinks`)"
        + " are described in\n[configuration.md](../configuration.md).\n\n");
    sb.append("| kind | page | types |\n|---|---|---|\n");
    PAGES.forEach((kind, file) -> sb.append("| ").append(title(file)).append(" | [")
        .append(file).append("](").append(file).append(") | ")
        .append(factories.stream().filter(f -> f.kind() == kind)
            .map(f -> "`" + f.type() + "`").collect(Collectors.joining(", ")))
        .append(" |\n"));
    return sb.toString();
  }

  /** {@code sink-processors.md} is about "sink processors". */
  private static String title(String file) {
    return file.substring(0, file.length() - ".md".length()).replace('-', ' ');
  }

  private static String page(ComponentKind kind, String title,
      List<ComponentFactory<?>> factories) {
    StringBuilder sb = new StringBuilder(header("Reference: " + title));
    sb.append("Keys go under `").append(prefix(kind))
        .append("`. Back to the [index](README.md).\n");
    for (ComponentFactory<?> f : factories) {
      sb.append("\n## `").append(f.type()).append("`\n\n");
      sb.append("Class `").append(f.componentClass().getName()).append("`");
      if (!f.aliases().isEmpty()) {
        sb.append("; also named ").append(new TreeSet<>(f.aliases()).stream()
            .map(a -> "`" + a + "`").collect(Collectors.joining(", ")));
      }
      sb.append(".");
      if (f.configDef().isOpen()) {
        sb.append(" Takes any other key as well (passed on as it is).");
      }
      sb.append("\n\n");
      keys(sb, f.configDef().keys(), f.configDef().prefixes());
    }
    return sb.toString();
  }

  /** Where a kind's keys sit in an agent's properties. */
  private static String prefix(ComponentKind kind) {
    return switch (kind) {
      case SINK_PROCESSOR -> "<agent>.sinkgroups.<group>.processor.";
      case DISCOVERY -> "<agent>.sinkgroups.<group>.discovery.";
      case CHANNEL_SELECTOR -> "<agent>.sources.<source>.selector.";
      case INTERCEPTOR -> "<agent>.sources.<source>.interceptors.<name>.";
      default -> "<agent>." + kind.section() + ".<name>.";
    };
  }

  private static void keys(StringBuilder sb, List<ConfigKey<?>> keys,
      Collection<ConfigPrefix<?>> prefixes) {
    if (keys.isEmpty() && prefixes.isEmpty()) {
      sb.append("No keys of its own.\n");
      return;
    }
    sb.append("| key | type | default | accepts | description |\n|---|---|---|---|---|\n");
    for (ConfigKey<?> k : keys) {
      boolean ignored = k.ignoredReason() != null;
      row(sb, "`" + k.name() + "`", ignored ? "ignored" : k.typeName(),
          k.isRequired() ? "required" : defaultOf(k.defaultValue()),
          k.checks().stream().map(ConfigKey.Check::expectation).collect(Collectors.joining("; ")),
          ignored ? "accepted and ignored (a warning says so): " + k.ignoredReason() : k.doc());
    }
    for (ConfigPrefix<?> p : prefixes) {
      row(sb, "`" + p.prefix() + "*`", p.typeName(), "", "", p.doc());
    }
  }

  private static void row(StringBuilder sb, String... cells) {
    sb.append('|');
    for (String c : cells) {
      sb.append(' ').append(cell(c)).append(" |");
    }
    sb.append('\n');
  }

  private static String defaultOf(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof List<?> l) {
      return l.isEmpty() ? "(empty)" : l.stream().map(String::valueOf)
          .collect(Collectors.joining(" "));
    }
    String s = machineFree(String.valueOf(v));
    return s.isEmpty() ? "(empty)" : "`" + s + "`";
  }

  /** A default under the user's home (TAILDIR's position file) written as {@code ~}. */
  private static String machineFree(String s) {
    String home = System.getProperty("user.home");
    return home != null && !home.isEmpty() && s.startsWith(home + "/")
        ? "~" + s.substring(home.length()) : s;
  }

  /** A table cell: pipes escaped, line breaks flattened. */
  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\r", "").replace("\n", " ").strip();
  }

  private static String header(String title) {
    return "<!-- Generated from the components' ConfigDef by ReferencePagesTest: do not edit."
        + " Regenerate with\n     " + ReferencePagesTest.REGENERATE + " -->\n# " + title + "\n\n";
  }
}
