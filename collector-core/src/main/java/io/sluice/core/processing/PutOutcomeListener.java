package io.sluice.core.processing;

import io.sluice.api.Event;
import java.util.List;

/**
 * An interceptor that must hear what became of the events it passed: committed to a channel (with
 * several required channels: to at least the first), or taken by none (the put was refused or failed before any channel committed,
 * or the selector routed them nowhere). Both calls come from the putting thread and must not throw
 * or wait.
 */
public interface PutOutcomeListener {

  /** Events the chain returned that are now in a channel. */
  default void committed(List<Event> events) {}

  /** Events the chain returned that no channel took. */
  default void refused(List<Event> events) {}
}
