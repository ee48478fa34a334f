package io.sluice.core.channel.memory;

import io.sluice.api.Event;

/**
 * An event with the body size it was counted at, so the byte budget stays exact even if a holder
 * swaps the body of an event it took and then rolls back; and, when its source asked, the receipt
 * its take will count down (set before the slot is queued, so the queue's lock publishes it).
 */
final class Slot {
  private final Event event;
  private final int bodyBytes;
  DeliveryCountdown receipt;

  private Slot(Event event, int bodyBytes) {
    this.event = event;
    this.bodyBytes = bodyBytes;
  }

  static Slot of(Event event) {
    return new Slot(event, event.getBody().length);
  }

  Event event() {
    return event;
  }

  int bodyBytes() {
    return bodyBytes;
  }
}
