package io.sluice.core.config;

import io.sluice.api.spi.ComponentKind;
import io.sluice.core.text.DidYouMean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One agent's properties split by component: {@code a1.sources.r1.port = 1} becomes key
 * {@code port} of source {@code r1}. Checks the top-level structure (lists, unknown sections,
 * components configured but not listed) and records problems and warnings as it goes.
 */
final class RawAgentSection {
  private static final List<ComponentKind> SECTIONS = List.of(
      ComponentKind.SOURCE, ComponentKind.CHANNEL, ComponentKind.SINK, ComponentKind.SINK_PROCESSOR);

  private final String agent;
  private final Map<ComponentKind, List<String>> names = new LinkedHashMap<>();
  private final Map<ComponentKind, Map<String, Map<String, String>>> keys = new LinkedHashMap<>();

  RawAgentSection(String agent, Map<String, String> props, Findings findings) {
    this.agent = agent;
    String prefix = agent + ".";
    for (ComponentKind kind : SECTIONS) {
      names.put(kind, listOf(props, prefix + kind.section(), findings));
      keys.put(kind, new LinkedHashMap<>());
      for (String n : names.get(kind)) {
        keys.get(kind).put(n, new LinkedHashMap<>());
      }
    }
    props.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        place(k, k.substring(prefix.length()), v, findings);
      }
    });
  }

  private void place(String fullKey, String rel, String value, Findings findings) {
    int dot = rel.indexOf('.');
    String section = dot < 0 ? rel : rel.substring(0, dot);
    ComponentKind kind = SECTIONS.stream().filter(s -> s.section().equals(section)).findFirst()
        .orElse(null);
    if (kind == null) {
      if (!section.equals(ConfigFilters.SECTION)) { // read by ConfigFilters
        findings.ignorable(fullKey, "unknown key" + DidYouMean.suggest(section,
            SECTIONS.stream().map(ComponentKind::section).toList())
            + "; an agent has sources, channels, sinks, sinkgroups and configfilters", "ignored");
      }
      return;
    }
    if (dot < 0) {
      return; // the list itself, read in the constructor
    }
    String rest = rel.substring(dot + 1);
    int dot2 = rest.indexOf('.');
    if (dot2 <= 0 || dot2 == rest.length() - 1) {
      findings.ignorable(fullKey, "expected " + agent + "." + section + ".<name>.<key>",
          "ignored");
      return;
    }
    String name = rest.substring(0, dot2);
    Map<String, String> component = keys.get(kind).get(name);
    if (component == null) {
      findings.note(fullKey, "is ignored: '" + name + "' is not listed in " + agent + "."
          + section);
      return;
    }
    component.put(rest.substring(dot2 + 1), value);
  }

  private static List<String> listOf(Map<String, String> props, String key, Findings findings) {
    String v = props.get(key);
    if (v == null || v.isBlank()) {
      return List.of();
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String n : v.trim().split("\\s+")) {
      if (!seen.add(n)) {
        findings.ignorable(key, "lists '" + n + "' twice", "counted once");
      }
    }
    return new ArrayList<>(seen);
  }

  String agent() {
    return agent;
  }

  List<String> names(ComponentKind kind) {
    return names.get(kind);
  }

  /** The keys of one listed component, relative to it (e.g. {@code type}, {@code channels}). */
  Map<String, String> keys(ComponentKind kind, String name) {
    return keys.get(kind).get(name);
  }

  String keyPrefix(ComponentKind kind, String name) {
    return agent + "." + kind.section() + "." + name + ".";
  }

  /** A listed component: its kind and name, shown as {@code sink k1}. */
  record Ref(ComponentKind kind, String name) {
    @Override
    public String toString() {
      return (kind == ComponentKind.SINK_PROCESSOR ? "sink group" : kind.section()
          .substring(0, kind.section().length() - 1)) + " " + name;
    }
  }

  /** The listed component a full key belongs to, or null for an agent-level key. */
  Ref owner(String key) {
    for (ComponentKind kind : SECTIONS) {
      String p = agent + "." + kind.section() + ".";
      if (key.startsWith(p)) {
        String rest = key.substring(p.length());
        int dot = rest.indexOf('.');
        String name = dot < 0 ? rest : rest.substring(0, dot);
        return names.get(kind).contains(name) ? new Ref(kind, name) : null;
      }
    }
    return null;
  }
}
