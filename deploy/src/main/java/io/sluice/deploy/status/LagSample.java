package io.sluice.deploy.status;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one scrape of an agent's {@code /prometheus} says about its lag: the buckets of
 * {@code sluice_event_age_seconds{stage="delivery"}} summed over its sinks, and the largest
 * {@code sluice_source_oldest_unread_age_seconds} of its file sources. Immutable.
 */
final class LagSample {
  static final String AGES = "sluice_event_age_seconds_bucket";
  static final String OLDEST_UNREAD = "sluice_source_oldest_unread_age_seconds";
  /** An agent that did not answer {@code /prometheus}: nothing known. */
  static final LagSample NONE = new LagSample(new TreeMap<>(), Double.NaN);
  private static final double QUANTILE = 0.99;

  /** Upper bound to cumulative count, as Prometheus' {@code le} buckets are. */
  private final SortedMap<Double, Double> delivery;
  /** NaN without a file source. */
  private final double oldestUnread;

  private LagSample(SortedMap<Double, Double> delivery, double oldestUnread) {
    this.delivery = delivery;
    this.oldestUnread = oldestUnread;
  }

  /** Reads the two families from a text exposition; every other line is skipped. */
  static LagSample parse(String exposition) {
    SortedMap<Double, Double> delivery = new TreeMap<>();
    double oldest = Double.NaN;
    for (String line : exposition.split("\n")) {
      if (!line.startsWith(AGES) && !line.startsWith(OLDEST_UNREAD)) {
        continue; // most lines: not parsed at all
      }
      PrometheusLine p = PrometheusLine.parse(line);
      if (p == null || Double.isNaN(p.value())) {
        continue;
      }
      if (p.name().equals(AGES) && "delivery".equals(p.labels().get("stage"))) {
        Double le = PrometheusLine.number(p.labels().getOrDefault("le", ""));
        if (le != null) {
          delivery.merge(le, p.value(), Double::sum);
        }
      } else if (p.name().equals(OLDEST_UNREAD)) {
        oldest = Double.isNaN(oldest) ? p.value() : Math.max(oldest, p.value());
      }
    }
    return new LagSample(delivery, oldest);
  }

  /**
   * The lag now: the 99th percentile of the delivery ages recorded since {@code before} (all of
   * them without an earlier sample) as the upper bound of its bucket; without any, the age of the
   * oldest unread file data; else unknown.
   */
  Lag since(LagSample before) {
    SortedMap<Double, Double> window = before == null ? delivery : minus(before.delivery);
    Lag p99 = quantile(window);
    if (p99 != Lag.UNKNOWN) {
      return p99;
    }
    return Double.isNaN(oldestUnread) ? Lag.UNKNOWN : new Lag(oldestUnread, false);
  }

  /** The counts added since {@code earlier}; all of them when a bucket went back (a restart). */
  private SortedMap<Double, Double> minus(SortedMap<Double, Double> earlier) {
    SortedMap<Double, Double> out = new TreeMap<>();
    for (Map.Entry<Double, Double> b : delivery.entrySet()) {
      double d = b.getValue() - earlier.getOrDefault(b.getKey(), 0.0);
      if (d < 0) {
        return delivery;
      }
      out.put(b.getKey(), d);
    }
    return out;
  }

  private static Lag quantile(SortedMap<Double, Double> cumulative) {
    if (cumulative.isEmpty() || cumulative.get(cumulative.lastKey()) <= 0) {
      return Lag.UNKNOWN;
    }
    // The rank of the 99th percentile; the epsilon keeps 0.99 * 1000 from rounding up to 991.
    double rank = Math.ceil(QUANTILE * cumulative.get(cumulative.lastKey()) - 1e-9);
    double lastFinite = 0;
    for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
      if (b.getValue() >= rank) {
        return Double.isInfinite(b.getKey()) ? new Lag(lastFinite, true)
            : new Lag(b.getKey(), false);
      }
      lastFinite = b.getKey();
    }
    return Lag.UNKNOWN;
  }
}
