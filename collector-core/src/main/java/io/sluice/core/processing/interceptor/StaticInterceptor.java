package io.sluice.core.processing.interceptor;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;

/** Sets one fixed header on every event. Thread-safe. */
public final class StaticInterceptor implements Interceptor {
  private final StaticInterceptorConfig config;

  public StaticInterceptor(StaticInterceptorConfig config) {
    this.config = config;
  }

  @Override
  public boolean nonBlocking() {
    return true; // in-memory header and body work only
  }

  @Override
  public Event intercept(Event event) {
    if (!(config.preserveExisting() && event.getHeaders().containsKey(config.key()))) {
      event.getHeaders().put(config.key(), config.value());
    }
    return event;
  }
}
