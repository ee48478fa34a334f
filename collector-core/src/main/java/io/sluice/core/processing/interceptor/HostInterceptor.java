package io.sluice.core.processing.interceptor;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;

/** Sets a header to this agent's host (address or name, resolved once beforehand). Thread-safe. */
public final class HostInterceptor implements Interceptor {
  private final HostInterceptorConfig config;
  private final String host;

  /** @param host the value to set, already resolved (see {@link HostInterceptorFactory}) */
  public HostInterceptor(HostInterceptorConfig config, String host) {
    this.config = config;
    this.host = host;
  }

  @Override
  public boolean nonBlocking() {
    return true; // in-memory header and body work only
  }

  @Override
  public Event intercept(Event event) {
    if (!(config.preserveExisting() && event.getHeaders().containsKey(config.hostHeader()))) {
      event.getHeaders().put(config.hostHeader(), host);
    }
    return event;
  }
}
