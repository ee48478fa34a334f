package io.sluice.api.spi;

import io.sluice.api.Event;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * A component's counters and gauges, registered under its name in the agent's own registry (never a
 * JVM-global one, so several agents can share a JVM). Counter names follow Flume's
 * ({@code EventReceivedCount}, {@code EventDrainSuccessCount}, ...). Thread-safe.
 *
 * <p>Besides Flume's names, Sluice's own measures: events given up with their reason, latency and
 * lag histograms, and gauges. Those appear in the Prometheus exposition only, never in Flume's
 * JSON or JMX, whose key sets stay Flume's.
 */
public interface ComponentMetrics {

  Counter counter(String name);

  void gauge(String name, LongSupplier value);

  /**
   * Events this component gave up for {@code reason} ({@code sluice_events_dropped_total}); take
   * it once (e.g. in the constructor), then count on it.
   */
  Counter dropped(DropReason reason);

  /** The distribution of durations {@code timing}; take it once, then observe on it. */
  Histogram histogram(Timing timing);

  /** The ages of events at {@code stage}; take it once, then record batches on it. */
  EventAges eventAges(AgeStage stage);

  /**
   * A gauge of Sluice's own, {@code sluice_<kind>_<name>} in Prometheus (e.g. {@code unread_bytes}
   * of a source is {@code sluice_source_unread_bytes}); read at scrape time, so it must be cheap.
   */
  void sluiceGauge(String name, DoubleSupplier value);

  /** A monotonically increasing count. */
  interface Counter {
    void increment();

    void add(long delta);

    long get();
  }

  /** A distribution of durations in seconds, with fixed buckets; cheap, lock-free. */
  interface Histogram {
    /** Records one duration given in nanoseconds (as {@code System.nanoTime()} differences). */
    void observeNanos(long nanos);

    long count();

    /** The sum of every observation, in seconds. */
    double sum();
  }

  /**
   * Records the age of events: now minus each event's {@code timestamp} header (epoch milliseconds,
   * as Flume's timestamp interceptor writes it). An event without that header, or whose value is
   * not all digits, has no known age and is only counted as such.
   */
  interface EventAges {
    /** Records every event of the batch; reads the clock once. */
    void record(List<Event> events);
  }

  /** Where an event's age is measured. */
  enum AgeStage {
    /** When a source's put into its channel committed. */
    COMMIT,
    /** When a sink's take committed, its batch delivered. */
    DELIVERY;

    /** The Prometheus label value: {@code commit}, {@code delivery}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What is timed. */
  enum Timing {
    /** A channel's commit of a transaction that put events. */
    CHANNEL_PUT_COMMIT,
    /** A channel's commit of a transaction that took events. */
    CHANNEL_TAKE_COMMIT,
    /** A sink's delivery of one batch it took and the commit of that take. */
    SINK_BATCH
  }

  /** Why events were given up; the Prometheus label value is the name in lower case. */
  enum DropReason {
    /** An interceptor filtered it out (e.g. {@code regex_filter}). */
    FILTERED,
    /** The channel selector sent it to no channel. */
    UNROUTED,
    /** The channel had no room and the sender could not be slowed (UDP) or the source stopped. */
    CHANNEL_FULL,
    /** The channel failed the put for another reason and the sender could not be told (UDP). */
    CHANNEL_ERROR,
    /** It was over a size limit. */
    TOO_LARGE,
    /** A sink could not turn its headers into a path and keeps no bad-event path (HDFS). */
    BAD_PATH,
    /** A sink could not turn its headers into a legal topic (Kafka). */
    BAD_TOPIC,
    /** A record could not be decoded into an event and was skipped (Kafka). */
    UNDECODABLE,
    /** A stored record was damaged and quarantined (file channel). */
    CORRUPT;

    /** The Prometheus label value, e.g. {@code channel_full}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
