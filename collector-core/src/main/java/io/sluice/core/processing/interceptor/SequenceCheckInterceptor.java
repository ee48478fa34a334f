package io.sluice.core.processing.interceptor;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.processing.PutOutcomeListener;
import java.util.List;

/**
 * The receiving half of the conservation headers: reads the {@code sequence} interceptor's header
 * of every event once its put committed (a refused put, which the sender will retry, is not
 * counted) and counts, per stream, numbers seen first, duplicates, late arrivals and gaps (see
 * {@link SequenceLedger}). Never changes or drops an event. Thread-safe.
 */
public final class SequenceCheckInterceptor implements Interceptor, PutOutcomeListener {
  private final String headerName;
  private final SequenceLedger ledger;

  public SequenceCheckInterceptor(SequenceCheckInterceptorConfig config,
      ComponentMetrics metrics) {
    this.headerName = config.headerName();
    this.ledger = new SequenceLedger(config.window(), config.maxStreams(),
        config.countGaps(), metrics);
  }

  @Override
  public boolean nonBlocking() {
    return true; // intercepting does nothing; the work is in committed()
  }

  @Override
  public Event intercept(Event event) {
    return event;
  }

  @Override
  public List<Event> intercept(List<Event> events) {
    return events;
  }

  @Override
  public void committed(List<Event> events) {
    synchronized (ledger) {
      for (Event e : events) {
        ledger.observe(e.getHeaders().get(headerName));
      }
    }
  }
}
