package io.sluice.core.config;

import java.util.List;

/**
 * A problem that {@link ConfigMode#FLUME} tolerated as Flume 1.11 does, and what was done about it.
 *
 * @param key the full property key at fault ({@code a1.channels.c1.capcity})
 * @param message the problem and the decision ({@code unknown key (did you mean 'capacity'?);
 *     ignored})
 * @param dropped the components dropped because of it ({@code sink k2}); empty when only a key was
 *     ignored or a list shortened
 */
public record ToleratedProblem(String key, String message, List<String> dropped) {

  public ToleratedProblem {
    dropped = List.copyOf(dropped);
  }

  static ToleratedProblem ignored(String key, String message) {
    return new ToleratedProblem(key, message, List.of());
  }

  @Override
  public String toString() {
    return key + ": " + message;
  }
}
