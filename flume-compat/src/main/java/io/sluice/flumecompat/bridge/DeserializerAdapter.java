package io.sluice.flumecompat.bridge;

import io.sluice.api.Event;
import io.sluice.api.serialization.EventDeserializer;
import java.io.IOException;

/**
 * A Flume {@code EventDeserializer} reading one spooled file for Sluice's spooldir source, mapped
 * onto its resume model: {@link #next} is {@code readEvent}; {@link #position} is {@code mark}
 * (Flume marks when a batch commits; the source saves the offset once it has) and the marked
 * offset; {@code reset} is never needed, as the source keeps a refused batch and offers it again,
 * and a restart opens a new deserializer at the saved offset (Flume seeks its stream to the
 * tracker's mark the same way). {@code readEvents} is not called: reading event by event keeps the
 * events before a bad spot, and Flume's own deserializers make {@code readEvents} of
 * {@code readEvent}. Events are wrapped, not copied.
 */
final class DeserializerAdapter implements EventDeserializer {
  private final org.apache.flume.serialization.EventDeserializer flume;
  private final SpoolInputStream in;

  DeserializerAdapter(org.apache.flume.serialization.EventDeserializer flume, SpoolInputStream in) {
    this.flume = flume;
    this.in = in;
  }

  @Override
  public Event next() throws IOException {
    return Events.toSluice(flume.readEvent());
  }

  @Override
  public long position() throws IOException {
    flume.mark();
    return in.getMarkPosition();
  }

  @Override
  public void close() throws IOException {
    try {
      flume.close();
    } finally {
      in.close();
    }
  }

  @Override
  public String toString() {
    return "Flume deserializer " + flume.getClass().getName();
  }
}
