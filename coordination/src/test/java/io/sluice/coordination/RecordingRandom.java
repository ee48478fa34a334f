package io.sluice.coordination;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongUnaryOperator;

/**
 * A jitter source for tests: answers from a script (clamped into range) and records every draw,
 * with its bound and when it was made, so a test sees when a resync or a retry was decided.
 */
final class RecordingRandom implements LongUnaryOperator {
  record Draw(long bound, long atNanos) {}

  private final LongUnaryOperator answer;
  private final List<Draw> draws = new CopyOnWriteArrayList<>();

  RecordingRandom(LongUnaryOperator answer) {
    this.answer = answer;
  }

  /** Resync draws (bound {@code maxJitterMs}) answer {@code resyncMs}; retry draws answer 0. */
  static RecordingRandom resyncAfter(long maxJitterMs, long resyncMs) {
    return new RecordingRandom(bound -> bound == maxJitterMs ? resyncMs : 0);
  }

  @Override
  public long applyAsLong(long bound) {
    draws.add(new Draw(bound, System.nanoTime()));
    return Math.max(0, Math.min(bound - 1, answer.applyAsLong(bound)));
  }

  /** The draws made with {@code bound}, oldest first. */
  List<Draw> drawsWithBound(long bound) {
    return draws.stream().filter(d -> d.bound() == bound).toList();
  }

  /** The draws made with another bound than {@code bound}, oldest first. */
  List<Draw> drawsOtherThan(long bound) {
    return draws.stream().filter(d -> d.bound() != bound).toList();
  }
}
