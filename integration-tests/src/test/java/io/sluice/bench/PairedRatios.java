package io.sluice.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ratios of many A/B pairs measured one after the other (A then B, B then A, ...): their
 * median, interquartile range and a 95% bootstrap interval of the median. One pair on a shared
 * machine is noise; the median of a dozen, with its interval, says what the difference is.
 */
record PairedRatios(int pairs, double median, double q1, double q3, double low, double high) {
  private static final int RESAMPLES = 10_000;

  /** The statistics of {@code ratios}; the bootstrap's seed is fixed: a rerun prints the same. */
  static PairedRatios of(double[] ratios) {
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    SplittableRandom random = new SplittableRandom(20_261_204L);
    double[] medians = new double[RESAMPLES];
    double[] sample = new double[sorted.length];
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < sample.length; i++) {
        sample[i] = sorted[random.nextInt(sorted.length)];
      }
      Arrays.sort(sample);
      medians[r] = quantile(sample, 0.5);
    }
    Arrays.sort(medians);
    return new PairedRatios(sorted.length, quantile(sorted, 0.5), quantile(sorted, 0.25),
        quantile(sorted, 0.75), quantile(medians, 0.025), quantile(medians, 0.975));
  }

  /** The {@code p} quantile of sorted values, interpolated between neighbours. */
  static double quantile(double[] sorted, double p) {
    double at = p * (sorted.length - 1);
    int below = (int) Math.floor(at);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
  }

  @Override
  public String toString() {
    return String.format("%.3f (IQR %.3f–%.3f, 95%% CI %.3f–%.3f, %d pairs)", median, q1, q3, low,
        high, pairs);
  }
}
