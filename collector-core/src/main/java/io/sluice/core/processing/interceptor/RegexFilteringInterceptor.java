package io.sluice.core.processing.interceptor;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import java.nio.charset.StandardCharsets;

/**
 * Keeps or drops events by whether a regex is found in the body (decoded as UTF-8). Thread-safe.
 */
public final class RegexFilteringInterceptor implements Interceptor {
  private final RegexFilteringInterceptorConfig config;

  public RegexFilteringInterceptor(RegexFilteringInterceptorConfig config) {
    this.config = config;
  }

  @Override
  public boolean nonBlocking() {
    return true; // in-memory header and body work only
  }

  @Override
  public Event intercept(Event event) {
    boolean found =
        config.regex().matcher(new String(event.getBody(), StandardCharsets.UTF_8)).find();
    return found != config.excludeEvents() ? event : null;
  }
}
