package io.sluice.core.config;

import io.sluice.api.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * What loading one agent found, judged by the {@link ConfigMode}: errors, plain warnings (both
 * modes) and, in {@link ConfigMode#FLUME}, the problems tolerated as Flume tolerates them. Problems
 * that make a component invalid are always recorded as errors here; in Flume mode the loader turns
 * them into drops afterwards ({@link FlumeLeniency}), since only then is it known what else goes.
 */
final class Findings {
  final ConfigMode mode;
  final List<ConfigProblem> problems = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();
  final List<ToleratedProblem> tolerated = new ArrayList<>();

  Findings(ConfigMode mode) {
    this.mode = mode;
  }

  boolean lenient() {
    return mode == ConfigMode.FLUME;
  }

  /**
   * A problem Flume ignores without dropping anything (an unknown key, a list naming a component
   * twice): an error in strict mode, a tolerated problem in Flume mode.
   */
  void ignorable(String key, String message, String decision) {
    if (lenient()) {
      tolerated.add(ToleratedProblem.ignored(key, message + "; " + decision));
    } else {
      problems.add(new ConfigProblem(key, message));
    }
  }

  /**
   * Something both modes accept (a component configured but not listed): a warning in strict mode,
   * a tolerated problem (logged and counted) in Flume mode.
   */
  void note(String key, String message) {
    if (lenient()) {
      tolerated.add(ToleratedProblem.ignored(key, message));
    } else {
      warnings.add(key + " " + message);
    }
  }
}
