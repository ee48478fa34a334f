package io.sluice.core.processing;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's interceptors, applied in the order configured; each sees what the previous one kept.
 * Also drives their lifecycle, so the owner starts and stops the chain as one unit.
 *
 * <p>Thread-safe as long as every interceptor is (which the {@link Interceptor} contract requires);
 * {@link #start()} and {@link #stop()} are called by one thread, as for any {@code Lifecycle}.
 */
public final class InterceptorChain {
  private static final Logger LOG = LoggerFactory.getLogger(InterceptorChain.class);
  private final String sourceName;
  private final List<Interceptor> interceptors;
  private final List<PutOutcomeListener> listeners;
  private int started;

  public InterceptorChain(String sourceName, List<Interceptor> interceptors) {
    this.sourceName = sourceName;
    this.interceptors = List.copyOf(interceptors);
    this.listeners = interceptors.stream().filter(PutOutcomeListener.class::isInstance)
        .map(PutOutcomeListener.class::cast).toList();
  }

  /** Runs the chain; the result may be shorter than the input (dropped events) but never null. */
  public List<Event> intercept(List<Event> events) {
    List<Event> current = events;
    for (Interceptor interceptor : interceptors) {
      if (current.isEmpty()) {
        break;
      }
      try {
        current = interceptor.intercept(current);
      } catch (RuntimeException e) {
        // The source must see a channel-level failure so it treats the batch as not accepted.
        throw new ChannelException("Source " + sourceName + ": interceptor "
            + interceptor.getClass().getName() + " failed: " + e.getMessage(), e);
      }
      if (current == null) {
        current = List.of();
      }
    }
    return current;
  }

  /** Tells the interceptors that listen that {@code events} (the chain's output) committed. */
  public void committed(List<Event> events) {
    if (!events.isEmpty()) {
      listeners.forEach(l -> l.committed(events));
    }
  }

  /** Tells the interceptors that listen that no channel took {@code events}. */
  public void refused(List<Event> events) {
    if (!events.isEmpty()) {
      listeners.forEach(l -> l.refused(events));
    }
  }

  /** Starts the interceptors in order; if one fails, those already started are stopped. */
  public void start() throws Exception {
    try {
      for (Interceptor interceptor : interceptors) {
        interceptor.start();
        started++;
      }
    } catch (Exception | Error e) {
      stop();
      throw e;
    }
  }

  /** Stops the started interceptors in reverse order; never throws. */
  public void stop() {
    List<Interceptor> toStop = new ArrayList<>(interceptors.subList(0, started));
    started = 0;
    for (int i = toStop.size() - 1; i >= 0; i--) {
      try {
        toStop.get(i).stop();
      } catch (RuntimeException e) {
        LOG.warn("Source {}: interceptor {} failed to stop", sourceName,
            toStop.get(i).getClass().getName(), e);
      }
    }
  }

  /** Whether every interceptor may run on a thread that must never block. */
  public boolean nonBlocking() {
    return interceptors.stream().allMatch(Interceptor::nonBlocking);
  }

  public int size() {
    return interceptors.size();
  }
}
