package io.sluice.core.channel.memory;

import io.sluice.api.Event;

/**
 * An event with the body size it was counted at, so the byte budget stays exact even if a holder
 * swaps the body of an event it took and then rolls back.
 */
record Slot(Event event, int bodyBytes) {

  static Slot of(Event event) {
    return new Slot(event, event.getBody().length);
  }
}
