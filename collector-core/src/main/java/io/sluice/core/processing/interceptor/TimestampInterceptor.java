package io.sluice.core.processing.interceptor;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import java.time.Clock;

/**
 * Sets a header to the current time in epoch milliseconds (what the HDFS sink's time escapes
 * read). Thread-safe.
 */
public final class TimestampInterceptor implements Interceptor {
  private final TimestampInterceptorConfig config;
  private final Clock clock;

  public TimestampInterceptor(TimestampInterceptorConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public boolean nonBlocking() {
    return true; // in-memory header and body work only
  }

  @Override
  public Event intercept(Event event) {
    if (!(config.preserveExisting() && event.getHeaders().containsKey(config.headerName()))) {
      event.getHeaders().put(config.headerName(), Long.toString(clock.millis()));
    }
    return event;
  }
}
