package io.sluice.core.config;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.spi.ComponentKind;
import io.sluice.core.config.ComponentSpecs.ChannelSpec;
import io.sluice.core.config.ComponentSpecs.SinkGroupSpec;
import io.sluice.core.config.ComponentSpecs.SinkSpec;
import io.sluice.core.config.ComponentSpecs.SourceSpec;
import io.sluice.core.config.RawAgentSection.Ref;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Flume 1.11's way with a broken config ({@code FlumeConfiguration} and
 * {@code AbstractConfigurationProvider}): a component with a problem is dropped, then everything
 * wired only to dropped components: a source keeps the channels that remain and is dropped when none
 * does, a sink whose channel is gone is dropped, a group loses its dropped sinks and is dropped when
 * none remains (its remaining sinks then run on their own, as Flume runs a sink outside any group).
 * The agent is refused only when no channel, or no source and no sink, remains. Every decision
 * becomes a {@link ToleratedProblem} naming the key and what was dropped.
 */
final class FlumeLeniency {

  /** Makes group specs for the pruning: a sink alone, or a group with fewer members. */
  interface Groups {
    SinkGroupSpec implicit(String sink);

    /** The group with only {@code members}, or null (with the reason added to {@code why}). */
    SinkGroupSpec rebuild(SinkGroupSpec group, List<String> members, List<String> why);
  }

  private final RawAgentSection raw;
  private final List<ToleratedProblem> tolerated;
  private final Groups groupMaker;

  FlumeLeniency(RawAgentSection raw, Findings findings, Groups groupMaker) {
    this.raw = raw;
    this.tolerated = findings.tolerated;
    this.groupMaker = groupMaker;
  }

  /**
   * Drops what {@code problems} make invalid and what depends on it only, editing the maps in place.
   *
   * @throws ConfigException for problems of the agent itself, or when too little remains to run
   */
  void prune(List<ConfigProblem> problems, Map<String, ChannelSpec> channels,
      Map<String, SourceSpec> sources, Map<String, SinkSpec> sinks,
      Map<String, SinkGroupSpec> groups) {
    Map<Ref, List<ConfigProblem>> byOwner = new LinkedHashMap<>();
    List<ConfigProblem> fatal = new ArrayList<>();
    for (ConfigProblem p : problems) {
      Ref owner = raw.owner(p.key());
      if (owner == null) {
        fatal.add(p);
      } else {
        byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(p);
      }
    }
    if (!fatal.isEmpty()) {
      throw new ConfigException(fatal);
    }
    byOwner.forEach((ref, ps) -> {
      switch (ref.kind()) {
        case CHANNEL -> channels.remove(ref.name());
        case SOURCE -> sources.remove(ref.name());
        case SINK -> {
          sinks.remove(ref.name());
          dropImplicitGroup(groups, ref.name());
        }
        default -> groups.remove(ref.name());
      }
      String rest = ref.kind() == ComponentKind.SINK_PROCESSOR ? " (its valid sinks run on their own)"
          : "";
      tolerated.add(new ToleratedProblem(ps.get(0).key(), describe(ps) + "; " + ref
          + " is dropped" + rest, List.of(ref.toString())));
    });
    sourcesLosingChannels(channels.keySet(), sources);
    sinksLosingChannels(channels.keySet(), sinks, groups);
    groupsLosingSinks(channels.keySet(), sinks, groups);
    Set<String> grouped = new HashSet<>();
    groups.values().forEach(g -> grouped.addAll(g.sinks()));
    for (String sink : sinks.keySet()) {
      if (!grouped.contains(sink)) {
        SinkGroupSpec alone = groupMaker.implicit(sink);
        if (alone != null) {
          groups.put(sink, alone);
        }
      }
    }
    String agent = raw.agent();
    if (channels.isEmpty()) {
      throw refused(agent + ".channels", "no valid channel is left, so agent '" + agent
          + "' cannot run (Flume refuses it too)");
    }
    boolean discovered = groups.values().stream().anyMatch(g -> g.discovery() != null);
    if (sources.isEmpty() && sinks.isEmpty() && !discovered) {
      throw refused(agent + ".sources", "no valid source or sink is left, so agent '" + agent
          + "' cannot run (Flume refuses it too)");
    }
  }

  private ConfigException refused(String key, String message) {
    List<ConfigProblem> all = new ArrayList<>();
    tolerated.forEach(t -> all.add(new ConfigProblem(t.key(), t.message())));
    all.add(new ConfigProblem(key, message));
    return new ConfigException(all);
  }

  private void sourcesLosingChannels(Set<String> valid, Map<String, SourceSpec> sources) {
    for (SourceSpec s : List.copyOf(sources.values())) {
      List<String> kept = s.channels().stream().filter(valid::contains).toList();
      List<String> lost = s.channels().stream().filter(c -> !valid.contains(c)).toList();
      if (lost.isEmpty()) {
        continue;
      }
      String key = raw.keyPrefix(ComponentKind.SOURCE, s.name()) + "channels";
      String why = "channel(s) " + lost + " are not valid (dropped, or not defined in "
          + raw.agent() + ".channels)";
      Ref ref = new Ref(ComponentKind.SOURCE, s.name());
      Set<String> selected = new HashSet<>(
          s.selector().factory().referencedChannels(s.selector().config()));
      selected.retainAll(lost);
      if (kept.isEmpty() || !selected.isEmpty()) {
        sources.remove(s.name());
        tolerated.add(new ToleratedProblem(key, why + (kept.isEmpty() ? ", and it has no other"
            : ", and its selector names " + selected) + "; " + ref + " is dropped",
            List.of(ref.toString())));
      } else {
        Map<String, String> fingerprint = new LinkedHashMap<>(s.fingerprint());
        fingerprint.put("channels", String.join(" ", kept));
        sources.put(s.name(), new SourceSpec(s.name(), s.factory(), s.config(), kept,
            s.selector(), s.interceptors(), Map.copyOf(fingerprint)));
        tolerated.add(ToleratedProblem.ignored(key, why + "; " + ref + " writes only to "
            + kept));
      }
    }
  }

  private void sinksLosingChannels(Set<String> valid, Map<String, SinkSpec> sinks,
      Map<String, SinkGroupSpec> groups) {
    for (SinkSpec s : List.copyOf(sinks.values())) {
      if (s.channel() != null && !valid.contains(s.channel())) {
        Ref ref = new Ref(ComponentKind.SINK, s.name());
        sinks.remove(s.name());
        dropImplicitGroup(groups, s.name());
        tolerated.add(new ToleratedProblem(raw.keyPrefix(ComponentKind.SINK, s.name()) + "channel",
            "channel '" + s.channel() + "' is not valid (dropped, or not defined in " + raw.agent()
                + ".channels); " + ref + " is dropped", List.of(ref.toString())));
      }
    }
  }

  private void groupsLosingSinks(Set<String> validChannels, Map<String, SinkSpec> sinks,
      Map<String, SinkGroupSpec> groups) {
    for (SinkGroupSpec g : List.copyOf(groups.values())) {
      if (g.implicit()) {
        continue;
      }
      Ref ref = new Ref(ComponentKind.SINK_PROCESSOR, g.name());
      String prefix = raw.keyPrefix(ComponentKind.SINK_PROCESSOR, g.name());
      if (g.discovery() != null) {
        if (!validChannels.contains(g.discovery().channel())) {
          groups.remove(g.name());
          tolerated.add(new ToleratedProblem(prefix + "channel", "channel '"
              + g.discovery().channel() + "' is not valid; " + ref + " is dropped",
              List.of(ref.toString())));
        }
        continue;
      }
      List<String> kept = g.sinks().stream().filter(sinks::containsKey).toList();
      List<String> lost = g.sinks().stream().filter(k -> !sinks.containsKey(k)).toList();
      if (lost.isEmpty()) {
        continue;
      }
      if (kept.isEmpty()) {
        groups.remove(g.name());
        tolerated.add(new ToleratedProblem(prefix + "sinks", "none of its sinks " + lost
            + " is valid; " + ref + " is dropped", List.of(ref.toString())));
        continue;
      }
      List<String> why = new ArrayList<>();
      SinkGroupSpec rebuilt = groupMaker.rebuild(g, kept, why);
      if (rebuilt == null) {
        groups.remove(g.name());
        tolerated.add(new ToleratedProblem(prefix + "sinks", "sink(s) " + lost + " are dropped"
            + " and with " + kept + " alone " + String.join("; ", why) + "; " + ref
            + " is dropped (its valid sinks run on their own)", List.of(ref.toString())));
      } else {
        groups.put(g.name(), rebuilt);
        tolerated.add(ToleratedProblem.ignored(prefix + "sinks", "sink(s) " + lost
            + " are dropped; " + ref + " keeps " + kept));
      }
    }
  }

  private static void dropImplicitGroup(Map<String, SinkGroupSpec> groups, String sink) {
    SinkGroupSpec g = groups.get(sink);
    if (g != null && g.implicit()) {
      groups.remove(sink);
    }
  }

  private static String describe(List<ConfigProblem> ps) {
    String first = ps.get(0).message();
    if (ps.size() == 1) {
      return first;
    }
    return first + " (and " + ps.subList(1, ps.size()).stream().map(ConfigProblem::toString)
        .collect(Collectors.joining("; ")) + ")";
  }
}
