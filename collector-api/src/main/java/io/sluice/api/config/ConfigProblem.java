package io.sluice.api.config;

/**
 * One configuration error. {@code key} is the full property key when the runtime reports it (e.g.
 * {@code a1.channels.c1.capacity}); components report keys relative to themselves.
 */
public record ConfigProblem(String key, String message) {

  @Override
  public String toString() {
    return key + ": " + message;
  }
}
