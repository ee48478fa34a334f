package io.sluice.flumecompat;

import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import java.util.Set;

/**
 * One Flume {@code Channel} as {@link FlumeChannel} drives it across the class-loader boundary:
 * Flume's lifecycle, the calling thread's Flume transaction, and what the channel's own
 * {@code ChannelCounter} knows (Flume's {@code Channel} interface has no size or capacity).
 * Implemented by the bridge; events cross as Sluice events, Flume's channel exceptions as Sluice's
 * ({@link io.sluice.api.ChannelFullException} included). Thread-safe; each {@link Tx} is confined
 * to the thread that began it, as Flume's transactions are.
 */
public interface FlumeChannelPort {

  /** Starts the Flume channel; throws when it fails to, or reports {@code ERROR} after. */
  void start();

  /** Stops the Flume channel; never throws. */
  void stop();

  /** Gets the calling thread's Flume transaction and begins it. */
  Tx begin();

  /** Events held, from the channel's {@code ChannelCounter}; -1 when it keeps none. */
  long size();

  /** Its capacity, from its {@code ChannelCounter}; -1 when unknown. */
  long capacity();

  /**
   * Exposes the channel's Flume counters as gauges under Flume's names, except the names in
   * {@code taken} (which Sluice counts itself).
   */
  void exposeCounters(ComponentMetrics metrics, Set<String> taken);

  /** A begun Flume transaction. */
  interface Tx {
    void put(Event event);

    /** The next event, or null when none comes within the channel's own wait. */
    Event take();

    void commit();

    void rollback();

    /** Closes the Flume transaction, which must be committed or rolled back (or never used). */
    void close();
  }
}
