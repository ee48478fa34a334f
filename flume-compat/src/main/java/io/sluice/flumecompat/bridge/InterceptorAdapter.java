package io.sluice.flumecompat.bridge;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import java.util.List;

/**
 * A Flume interceptor in Sluice's chain: {@code start} is Flume's {@code initialize}, {@code stop}
 * its {@code close}; events are wrapped, not copied, both ways. Thread-safe as the Flume
 * interceptor is (Flume calls it from every source thread too).
 */
final class InterceptorAdapter implements Interceptor {
  private final org.apache.flume.interceptor.Interceptor flume;

  InterceptorAdapter(org.apache.flume.interceptor.Interceptor flume) {
    this.flume = flume;
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
