package io.sluice.flumecompat.bridge;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import java.util.List;
import java.util.Map;

/**
 * A Flume interceptor in Sluice's chain: {@code start} is Flume's {@code initialize}, {@code stop}
 * its {@code close}; events are wrapped, not copied, both ways (bodies and header maps are the
 * Sluice events' own), and batches go to Flume's {@code intercept(List)}. Thread-safe as the Flume
 * interceptor is (Flume calls it from every source thread too).
 *
 * <p>Sluice cannot know whether someone else's code waits, so a Flume interceptor is not
 * {@linkplain Interceptor#nonBlocking() non-blocking} unless its config says so with
 * {@value #NON_BLOCKING_KEY}{@code = true} (Flume ignores the key): the Avro source then runs it,
 * and commits to a memory channel, on its I/O thread instead of handing the batch to a worker.
 */
final class InterceptorAdapter implements Interceptor {
  static final String NON_BLOCKING_KEY = "sluice.nonBlocking";

  private final org.apache.flume.interceptor.Interceptor flume;
  private final boolean nonBlocking;

  InterceptorAdapter(org.apache.flume.interceptor.Interceptor flume, boolean nonBlocking) {
    this.flume = flume;
    this.nonBlocking = nonBlocking;
  }

  /** Whether the interceptor's keys declare it non-blocking. */
  static boolean nonBlocking(Map<String, String> keys) {
    return Boolean.parseBoolean(keys.getOrDefault(NON_BLOCKING_KEY, "false").trim());
  }

  @Override
  public boolean nonBlocking() {
    return nonBlocking;
  }

  @Override
  public void start() {
    Contexts.runWithLoaderOf(flume.getClass(), flume::initialize);
  }

  @Override
  public void stop() {
    flume.close();
  }

  @Override
  public Event intercept(Event event) {
    return Events.toSluice(flume.intercept(Events.toFlume(event)));
  }

  @Override
  public List<Event> intercept(List<Event> events) {
    List<org.apache.flume.Event> out = flume.intercept(Events.toFlume(events));
    return out == null ? List.of() : Events.toSluice(out);
  }

  @Override
  public String toString() {
    return "Flume interceptor " + flume.getClass().getName();
  }
}
