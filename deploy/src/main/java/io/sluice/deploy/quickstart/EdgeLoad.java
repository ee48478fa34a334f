package io.sluice.deploy.quickstart;

import java.time.Duration;

/**
 * Where the edges of a {@link LocalCluster} get their events. Immutable.
 *
 * @param kind {@link Kind#TAILDIR}: each edge tails a log directory of its own that a
 *     {@link LogWriter} process appends to and rotates; {@link Kind#DEMO}: the paced {@code demo}
 *     source inside the edge
 * @param rate events (lines) per second per edge
 * @param eventSize bytes per event (line)
 * @param rotateEvery TAILDIR only: how often the writers rotate their files from the start,
 *     rename and copytruncate alternately; zero: only when told ({@link LocalCluster#rotateLogs})
 */
public record EdgeLoad(Kind kind, int rate, int eventSize, Duration rotateEvery) {
  /** The two ways of producing the edges' events. */
  public enum Kind { DEMO, TAILDIR }

  public EdgeLoad {
    if (rate < 1 || eventSize < 1 || rotateEvery.isNegative()) {
      throw new IllegalArgumentException("rate and event size must be positive, rotation "
          + "not negative: " + rate + ", " + eventSize + ", " + rotateEvery);
    }
  }

  /** The {@code demo} source: paced numbered lines generated inside each edge. */
  public static EdgeLoad demo(int rate, int eventSize) {
    return new EdgeLoad(Kind.DEMO, rate, eventSize, Duration.ZERO);
  }

  /** Log files written and rotated by a writer process per edge, followed by TAILDIR sources. */
  public static EdgeLoad tailedLogs(int rate, int lineSize, Duration rotateEvery) {
    return new EdgeLoad(Kind.TAILDIR, rate, lineSize, rotateEvery);
  }

  public boolean tailed() {
    return kind == Kind.TAILDIR;
  }
}
