package io.sluice.core.processing.interceptor;

import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.metrics.SequenceStreamWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one receiver saw of every stream ({@code <origin>:<epoch>}): a {@link SequenceWindow} each,
 * at most {@code maxStreams} of them (the least recently seen is dropped, its unseen numbers counted
 * as gaps, when a new one would exceed that), and counters in the receiver's metrics. Gaps are
 * counted only when asked: behind load balancing a receiver sees only its share of each stream. Thread-safe:
 * one lock, taken once per batch.
 */
final class SequenceLedger {
  static final String RECEIVED = "SequenceReceivedCount";
  static final String DISTINCT = "SequenceDistinctCount";
  static final String DUPLICATES = "SequenceDuplicateCount";
  static final String LATE = "SequenceLateCount";
  static final String GAPS = "SequenceGapCount";
  static final String UNSTAMPED = "SequenceUnstampedCount";
  static final String EVICTED = "SequenceStreamEvictedCount";
  static final String STREAMS = "SequenceStreams";

  private final int window;
  private final boolean countGaps;
  private final Map<String, SequenceWindow> streams;
  private final ComponentMetrics.Counter received;
  private final ComponentMetrics.Counter distinct;
  private final ComponentMetrics.Counter duplicates;
  private final ComponentMetrics.Counter late;
  private final ComponentMetrics.Counter gaps;
  private final ComponentMetrics.Counter unstamped;
  private final ComponentMetrics.Counter evicted;

  /** @param countGaps false: numbers never seen are not counted (another receiver may have them) */
  SequenceLedger(int window, int maxStreams, boolean countGaps, ComponentMetrics metrics) {
    this.window = window;
    this.countGaps = countGaps;
    this.received = metrics.counter(RECEIVED);
    this.distinct = metrics.counter(DISTINCT);
    this.duplicates = metrics.counter(DUPLICATES);
    this.late = metrics.counter(LATE);
    this.gaps = metrics.counter(GAPS);
    this.unstamped = metrics.counter(UNSTAMPED);
    this.evicted = metrics.counter(EVICTED);
    this.streams = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, SequenceWindow> eldest) {
        if (size() <= maxStreams) {
          return false;
        }
        if (countGaps) {
          gaps.add(eldest.getValue().takeGaps() + eldest.getValue().unseenInWindow());
        }
        evicted.increment();
        return true;
      }
    };
    metrics.gauge(STREAMS, this::streamCount);
  }

  /**
   * Records one header value; null or malformed counts as unstamped. Returns the stamp, null when
   * there was none. Caller holds the lock.
   */
  SequenceStamp observe(String headerValue) {
    SequenceStamp stamp = SequenceStamp.parse(headerValue);
    if (stamp == null) {
      unstamped.increment();
      return null;
    }
    received.increment();
    SequenceWindow w = window(stamp.stream());
    switch (w.observe(stamp.number())) {
      case FIRST -> distinct.increment();
      case DUPLICATE -> duplicates.increment();
      case LATE -> late.increment();
      default -> throw new IllegalStateException();
    }
    long g = w.takeGaps();
    if (countGaps && g > 0) {
      gaps.add(g);
    }
    return stamp;
  }

  /**
   * Records a number again after a restart, from the journal: the windows learn it, the counters
   * (which outlived the restart in the agent's registry, or restart with the process) do not.
   */
  void replay(String stream, long number) {
    SequenceWindow w = window(stream);
    w.observe(number);
    w.takeGaps();
  }

  /** Sets a stream to a saved state (from a snapshot, before any arrival). */
  void restore(SequenceStreamWindow saved) {
    SequenceWindow w = new SequenceWindow(window);
    w.restore(saved.highest(), saved.runs() == null ? new long[0] : saved.runs(),
        saved.duplicates(), saved.late());
    streams.put(saved.stream(), w);
  }

  /** Every stream's window, least recently seen first; runs past {@code maxRuns} left out. */
  List<SequenceStreamWindow> windows(int maxStreams, int maxRuns) {
    List<SequenceStreamWindow> out = new ArrayList<>();
    int runs = maxRuns;
    for (Map.Entry<String, SequenceWindow> e : streams.entrySet()) {
      if (out.size() == maxStreams) {
        break;
      }
      SequenceWindow w = e.getValue();
      long[] r = runs > 0 ? w.runs(runs) : null;
      runs -= r == null ? 0 : r.length / 2;
      out.add(new SequenceStreamWindow(e.getKey(), w.from(), w.highest(), w.duplicates(),
          w.late(), r));
    }
    return out;
  }

  long evicted() {
    return evicted.get();
  }

  private SequenceWindow window(String stream) {
    return streams.computeIfAbsent(stream, s -> new SequenceWindow(window));
  }

  int window() {
    return window;
  }

  synchronized long streamCount() {
    return streams.size();
  }
}
