package io.sluice.core.config;

import java.util.Locale;

/**
 * How an agent's config is judged. {@link #STRICT} (the default of {@code sluice agent}): every
 * problem is an error and nothing starts. {@link #FLUME} ({@code --compat flume}, and
 * {@code bin/flume-ng}): what Flume 1.11 tolerates is tolerated the way Flume does it (an unknown
 * key is ignored, an invalid component is dropped with everything wired only to it) and the rest
 * runs; unlike Flume, each such decision is reported as a {@link ToleratedProblem}.
 */
public enum ConfigMode {
  STRICT,
  FLUME;

  /** The mode named by {@code --compat VALUE}: {@code flume}, or {@code strict}/{@code none}. */
  public static ConfigMode ofCompat(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "flume" -> FLUME;
      case "strict", "none" -> STRICT;
      default -> throw new IllegalArgumentException("--compat takes 'flume' (or 'strict'), not '"
          + value + "'");
    };
  }
}
