package io.sluice.core.processing.interceptor;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.processing.PutOutcomeListener;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stamps each event with one header, {@code <origin>:<epoch>:<n>} (see {@link SequenceStamp}), so
 * the tier behind can count what never arrived and what arrived twice ({@code sequenceCheck}).
 * The epoch is the clock's millis at {@link #start()}: every start numbers from 0 again in a new
 * epoch.
 *
 * <p>Numbers are only spent on committed events: when the channel refuses a batch, the processor
 * hands its events back ({@link PutOutcomeListener}); their numbers are taken off them and given to
 * the next events stamped, so a refused put that the sender retries leaves no gap. An event that
 * already carries a stamp of this epoch keeps it, so running the chain twice on one batch (the
 * non-blocking path's fallback) changes nothing. Numbers still held back when the interceptor
 * stops are gaps; they are logged.
 *
 * <p>Thread-safe: one atomic counter and one lock-free queue.
 */
public final class SequenceInterceptor implements Interceptor, PutOutcomeListener {
  /** Numbers handed out in this start's epochs (a number handed back and reused counts once). */
  public static final String STAMPED = "SequenceStampedCount";
  /** The gauge of numbers handed back by refused puts and not yet reused. */
  public static final String HELD_BACK = "sequence_held_back";

  private static final Logger LOG = LoggerFactory.getLogger(SequenceInterceptor.class);

  private final String headerName;
  private final String origin;
  private final Clock clock;
  private final ComponentMetrics.Counter stamped;
  private final AtomicLong next = new AtomicLong();
  private final Queue<Long> returned = new ConcurrentLinkedQueue<>();
  private volatile String streamPrefix;

  public SequenceInterceptor(String headerName, String origin, Clock clock,
      ComponentMetrics metrics) {
    this.headerName = headerName;
    this.origin = origin;
    this.clock = clock;
    this.stamped = metrics.counter(STAMPED);
    metrics.sluiceGauge(HELD_BACK, returned::size);
    this.streamPrefix = prefix(clock.millis());
  }

  private String prefix(long epoch) {
    return origin + ":" + epoch + ":";
  }

  @Override
  public void start() {
    streamPrefix = prefix(clock.millis());
    next.set(0);
    returned.clear();
  }

  @Override
  public void stop() {
    if (!returned.isEmpty()) {
      LOG.warn("Sequence of origin {}: {} number(s) handed back by refused puts were never reused;"
          + " the next tier counts them as gaps", origin, returned.size());
    }
  }

  @Override
  public boolean nonBlocking() {
    return true; // one counter and one header; a second run keeps the first run's stamp
  }

  /** The {@code <origin>:<epoch>:} this start stamps with. */
  public String streamPrefix() {
    return streamPrefix;
  }

  @Override
  public Event intercept(Event event) {
    Map<String, String> headers = event.getHeaders();
    String prefix = streamPrefix;
    String current = headers.get(headerName);
    if (current != null && current.startsWith(prefix)) {
      return event; // stamped by this start already
    }
    Long reused = returned.poll();
    long number = reused != null ? reused : next.getAndIncrement();
    if (reused == null) {
      stamped.increment();
    }
    headers.put(headerName, SequenceStamp.format(prefix, number));
    return event;
  }

  @Override
  public void refused(List<Event> events) {
    String prefix = streamPrefix;
    for (Event event : events) {
      String value = event.getHeaders().get(headerName);
      SequenceStamp stamp = value != null && value.startsWith(prefix) ? SequenceStamp.parse(value)
          : null;
      if (stamp != null) {
        event.getHeaders().remove(headerName);
        returned.add(stamp.number());
      }
    }
  }
}
