package io.sluice.core.config;

import io.sluice.api.config.ConfigProblem;
import io.sluice.api.spi.ComponentKind;
import io.sluice.core.text.DidYouMean;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks how an agent's components connect: every source and sink wired to a listed channel. */
final class WiringCheck {
  private final RawAgentSection raw;
  private final List<ConfigProblem> problems;
  private final List<String> warnings;
  // In Flume mode a channel that is not listed is one of the dropped ones: FlumeLeniency reports it.
  private final boolean reportUnlisted;

  WiringCheck(RawAgentSection raw, Findings findings) {
    this.raw = raw;
    this.problems = findings.problems;
    this.warnings = findings.warnings;
    this.reportUnlisted = !findings.lenient();
  }

  void check() {
    List<String> listed = raw.names(ComponentKind.CHANNEL);
    Set<String> used = new HashSet<>();
    if (raw.names(ComponentKind.SOURCE).isEmpty() && raw.names(ComponentKind.SINK).isEmpty()) {
      problems.add(new ConfigProblem(raw.agent() + ".sources",
          "agent '" + raw.agent() + "' lists no sources and no sinks"));
    }
    for (String s : raw.names(ComponentKind.SOURCE)) {
      String key = raw.keyPrefix(ComponentKind.SOURCE, s) + "channels";
      String value = raw.keys(ComponentKind.SOURCE, s).get("channels");
      List<String> chs = value == null || value.isBlank() ? List.of()
          : List.of(value.trim().split("\\s+"));
      if (chs.isEmpty()) {
        problems.add(new ConfigProblem(key, "is required: a source must write to a channel"));
      }
      for (String ch : chs) {
        used.add(ch);
        if (!listed.contains(ch) && reportUnlisted) {
          problems.add(new ConfigProblem(key, "names channel '" + ch + "', which is not listed in "
              + raw.agent() + ".channels" + DidYouMean.suggest(ch, listed)));
        }
      }
    }
    for (String k : raw.names(ComponentKind.SINK)) {
      String key = raw.keyPrefix(ComponentKind.SINK, k) + "channel";
      String ch = raw.keys(ComponentKind.SINK, k).get("channel");
      if (ch == null || ch.isBlank()) {
        problems.add(new ConfigProblem(key, "is required: a sink must drain a channel"));
      } else if (!listed.contains(ch.trim())) {
        if (reportUnlisted) {
          problems.add(new ConfigProblem(key, "names channel '" + ch.trim()
            + "', which is not listed in " + raw.agent() + ".channels"
            + DidYouMean.suggest(ch.trim(), listed)));
        }
      } else {
        used.add(ch.trim());
      }
    }
    for (String g : raw.names(ComponentKind.SINK_PROCESSOR)) {
      String ch = raw.keys(ComponentKind.SINK_PROCESSOR, g).get("channel");
      if (ch != null) {
        used.add(ch.trim());
      }
    }
    for (String ch : listed) {
      if (!used.contains(ch)) {
        warnings.add(raw.agent() + ".channels." + ch + " is not used by any source or sink");
      }
    }
  }
}
