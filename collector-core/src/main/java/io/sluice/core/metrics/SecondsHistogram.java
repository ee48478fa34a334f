package io.sluice.core.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.sluice.api.spi.ComponentMetrics;

/**
 * A histogram of seconds with fixed upper bounds (the last {@code +Inf}), kept in per-thread
 * tallies ({@link ThreadTallies}) and turned into the Prometheus client library's histogram
 * snapshot at scrape time. Not the library's {@code Histogram} metric: its {@code observe} makes
 * every observation, on every thread, increment one shared atomic (its scrape-consistency buffer)
 * and has no batch form, while commits are observed on every I/O thread and event ages per event.
 * Here an observation is two plain additions in the recording thread's own cell, and a batch is
 * tallied by the caller and added once. A scrape may see a batch half added (count and sum a
 * moment apart); the next scrape is exact again. Thread-safe.
 */
final class SecondsHistogram implements ComponentMetrics.Histogram {
  /** Commits: a memory channel's take microseconds, a file channel's fsync milliseconds. */
  static final double[] COMMIT_BOUNDS = {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
      Double.POSITIVE_INFINITY};
  /** A sink's batch: from a null sink's microseconds to an HDFS flush or an RPC timeout. */
  static final double[] BATCH_BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
      0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, Double.POSITIVE_INFINITY};
  /** Event ages: from a healthy pipeline's milliseconds to a backlog of a day. */
  static final double[] AGE_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
      30, 60, 300, 600, 1800, 3600, 21600, 86400, Double.POSITIVE_INFINITY};

  private final double[] bounds;
  private final ThreadTallies tallies;

  SecondsHistogram(double[] bounds) {
    this.bounds = bounds.clone();
    this.tallies = new ThreadTallies(bounds.length);
  }

  /** How many buckets a tally for {@link #add} needs. */
  int size() {
    return bounds.length;
  }

  /** The bucket of {@code seconds}: the first whose upper bound is at least it. */
  int bucketOf(double seconds) {
    int lo = 0;
    int hi = bounds.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (seconds <= bounds[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  void observe(double seconds) {
    ThreadTallies.Cell cell = tallies.mine();
    cell.add(bucketOf(seconds), 1);
    cell.addSum(seconds);
  }

  @Override
  public void observeNanos(long nanos) {
    observe(nanos / 1e9);
  }

  /** Adds a caller's tally: {@code tally[i]} observations in bucket {@code i}, summing to sum. */
  void add(long[] tally, double tallySum) {
    ThreadTallies.Cell cell = tallies.mine();
    for (int i = 0; i < tally.length; i++) {
      if (tally[i] != 0) {
        cell.add(i, tally[i]);
      }
    }
    cell.addSum(tallySum);
  }

  @Override
  public long count() {
    long n = 0;
    for (long c : tallies.merge().counts()) {
      n += c;
    }
    return n;
  }

  @Override
  public double sum() {
    return tallies.merge().sum();
  }

  HistogramDataPointSnapshot snapshot(Labels labels) {
    ThreadTallies.Merged m = tallies.merge();
    return HistogramDataPointSnapshot.builder().labels(labels)
        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, m.counts())).sum(m.sum())
        .build();
  }
}
