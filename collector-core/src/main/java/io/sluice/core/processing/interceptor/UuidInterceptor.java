package io.sluice.core.processing.interceptor;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import java.util.UUID;

/**
 * Gives each event a random (version 4) UUID header, optionally prefixed, so readers downstream
 * can drop the duplicates that at-least-once delivery produces. Thread-safe.
 */
public final class UuidInterceptor implements Interceptor {
  private final UuidInterceptorConfig config;

  public UuidInterceptor(UuidInterceptorConfig config) {
    this.config = config;
  }

  @Override
  public boolean nonBlocking() {
    return true; // in-memory header and body work only
  }

  @Override
  public Event intercept(Event event) {
    if (!(config.preserveExisting() && event.getHeaders().containsKey(config.headerName()))) {
      event.getHeaders().put(config.headerName(), config.prefix() + UUID.randomUUID());
    }
    return event;
  }
}
