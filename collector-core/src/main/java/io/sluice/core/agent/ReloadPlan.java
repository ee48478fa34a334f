package io.sluice.core.agent;

import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.ComponentSpecs.SinkGroupSpec;
import io.sluice.core.config.ComponentSpecs.SourceSpec;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a reload must stop and start. A component is restarted when its own properties changed or
 * when a channel it is wired to is replaced; everything else keeps running untouched.
 */
record ReloadPlan(
    Set<String> channelsToStop,
    Set<String> channelsToStart,
    Set<String> sourcesToStop,
    Set<String> sourcesToStart,
    Set<String> groupsToStop,
    Set<String> groupsToStart) {

  static ReloadPlan between(AgentConfig old, AgentConfig next) {
    Set<String> chStop = changed(old.channels(), next.channels(), c -> c.fingerprint());
    Set<String> chStart = changed(next.channels(), old.channels(), c -> c.fingerprint());
    chStop.addAll(replacedIn(old.channels().keySet(), chStart));

    Set<String> srcStop = new LinkedHashSet<>();
    old.sources().forEach((n, s) -> {
      SourceSpec after = next.sources().get(n);
      if (after == null || !after.fingerprint().equals(s.fingerprint())
          || s.channels().stream().anyMatch(chStop::contains)) {
        srcStop.add(n);
      }
    });
    Set<String> srcStart = new LinkedHashSet<>();
    next.sources().keySet().forEach(n -> {
      if (!old.sources().containsKey(n) || srcStop.contains(n)) {
        srcStart.add(n);
      }
    });

    Set<String> grpStop = new LinkedHashSet<>();
    old.sinkGroups().forEach((n, g) -> {
      SinkGroupSpec after = next.sinkGroups().get(n);
      if (after == null || groupChanged(g, after, old, next, chStop)) {
        grpStop.add(n);
      }
    });
    Set<String> grpStart = new LinkedHashSet<>();
    next.sinkGroups().keySet().forEach(n -> {
      if (!old.sinkGroups().containsKey(n) || grpStop.contains(n)) {
        grpStart.add(n);
      }
    });
    return new ReloadPlan(chStop, chStart, srcStop, srcStart, grpStop, grpStart);
  }

  boolean isEmpty() {
    return channelsToStop.isEmpty() && channelsToStart.isEmpty() && sourcesToStop.isEmpty()
        && sourcesToStart.isEmpty() && groupsToStop.isEmpty() && groupsToStart.isEmpty();
  }

  private static boolean groupChanged(SinkGroupSpec before, SinkGroupSpec after, AgentConfig old,
      AgentConfig next, Set<String> replacedChannels) {
    if (!before.fingerprint().equals(after.fingerprint())
        || !before.sinks().equals(after.sinks())
        || before.processor().getClass() != after.processor().getClass()) {
      return true;
    }
    for (String sink : before.sinks()) {
      var was = old.sinks().get(sink);
      var now = next.sinks().get(sink);
      if (now == null || !Objects.equals(was.fingerprint(), now.fingerprint())
          || replacedChannels.contains(was.channel())) {
        return true;
      }
    }
    return false;
  }

  /** Names in {@code a} that are missing from {@code b} or whose fingerprint differs. */
  private static <T> Set<String> changed(
      Map<String, T> a, Map<String, T> b, java.util.function.Function<T, Object> fingerprint) {
    Set<String> out = new LinkedHashSet<>();
    a.forEach((n, spec) -> {
      T other = b.get(n);
      if (other == null || !fingerprint.apply(other).equals(fingerprint.apply(spec))) {
        out.add(n);
      }
    });
    return out;
  }

  private static Set<String> replacedIn(Set<String> oldNames, Set<String> started) {
    Set<String> out = new LinkedHashSet<>();
    for (String n : started) {
      if (oldNames.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }
}
