package io.sluice.core.processing.interceptor;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import java.util.Map;

/** Removes headers by exact name, by a list of names and by a regex on the name. Thread-safe. */
public final class RemoveHeaderInterceptor implements Interceptor {
  private final RemoveHeaderInterceptorConfig config;

  public RemoveHeaderInterceptor(RemoveHeaderInterceptorConfig config) {
    this.config = config;
  }

  @Override
  public boolean nonBlocking() {
    return true; // in-memory header and body work only
  }

  @Override
  public Event intercept(Event event) {
    Map<String, String> headers = event.getHeaders();
    config.withName().ifPresent(headers::remove);
    headers.keySet().removeAll(config.fromList());
    config.matching().ifPresent(p -> headers.keySet().removeIf(name -> p.matcher(name).matches()));
    return event;
  }
}
