package io.sluice.core.processing.interceptor;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.metrics.SequenceExport;
import io.sluice.core.metrics.SequenceStreamWindow;
import io.sluice.core.processing.PutOutcomeListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving half of the conservation headers: reads the {@code sequence} interceptor's header
 * of every event once its put committed (a refused put, which the sender will retry, is not
 * counted) and counts, per stream, numbers seen first, duplicates, late arrivals and gaps (see
 * {@link SequenceLedger}). With a {@code stateDir} the windows outlive a restart or a kill
 * ({@link SequenceJournal}): each batch is journaled before the sender hears OK. Exports its
 * windows at {@code /sequence}. Never changes or drops an event. Thread-safe: one lock.
 */
public final class SequenceCheckInterceptor implements Interceptor, PutOutcomeListener,
    SequenceExport {
  private static final Logger LOG = LoggerFactory.getLogger(SequenceCheckInterceptor.class);

  private final String headerName;
  private final SequenceLedger ledger;
  private final Optional<Path> stateDir;
  private SequenceJournal journal; // guarded by ledger

  public SequenceCheckInterceptor(SequenceCheckInterceptorConfig config,
      ComponentMetrics metrics) {
    this.headerName = config.headerName();
    this.stateDir = config.stateDir();
    this.ledger = new SequenceLedger(config.window(), config.maxStreams(),
        config.countGaps(), metrics);
    SequenceExport.register(metrics, this);
  }

  @Override
  public void start() throws IOException {
    if (stateDir.isPresent()) {
      synchronized (ledger) {
        if (journal == null) { // a second start without a stop keeps the open journal
          journal = SequenceJournal.open(stateDir.get(), ledger);
        }
      }
    }
  }

  @Override
  public void stop() {
    synchronized (ledger) {
      if (journal != null) {
        try {
          journal.close();
        } catch (IOException e) {
          // The journal itself is whole: the next start replays it instead of the snapshot.
          LOG.warn("Could not write the sequence snapshot in {}: {}", stateDir.get(),
              e.toString());
        }
        journal = null;
      }
    }
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
      Map<String, List<Long>> batch = journal == null ? null : new LinkedHashMap<>();
      for (Event e : events) {
        SequenceStamp stamp = ledger.observe(e.header(headerName));
        if (batch != null && stamp != null) {
          batch.computeIfAbsent(stamp.stream(), s -> new ArrayList<>()).add(stamp.number());
        }
      }
      if (batch != null && !batch.isEmpty()) {
        try {
          journal.append(batch);
        } catch (UncheckedIOException e) {
          // The events are in the channel already: failing the put now would only duplicate them.
          LOG.warn("{}: after a kill these numbers would count as gaps", e.getMessage(),
              e.getCause());
        }
      }
    }
  }

  @Override
  public int window() {
    return ledger.window();
  }

  @Override
  public long evicted() {
    return ledger.evicted();
  }

  @Override
  public List<SequenceStreamWindow> streams(int maxStreams, int maxRuns) {
    synchronized (ledger) {
      return ledger.windows(maxStreams, maxRuns);
    }
  }
}
