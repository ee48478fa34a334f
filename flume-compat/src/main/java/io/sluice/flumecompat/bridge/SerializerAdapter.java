package io.sluice.flumecompat.bridge;

import io.sluice.api.Event;
import io.sluice.api.serialization.EventSerializer;
import java.io.IOException;

/**
 * A Flume {@code EventSerializer} writing one file of a Sluice sink; calls map one to one (Sluice's
 * sinks always start new files, so Flume's {@code afterReopen} is never called).
 */
final class SerializerAdapter implements EventSerializer {
  private final org.apache.flume.serialization.EventSerializer flume;

  SerializerAdapter(org.apache.flume.serialization.EventSerializer flume) {
    this.flume = flume;
  }

  @Override
  public void afterCreate() throws IOException {
    flume.afterCreate();
  }

  @Override
  public void write(Event event) throws IOException {
    flume.write(Events.toFlume(event));
  }

  @Override
  public void flush() throws IOException {
    flume.flush();
  }

  @Override
  public void beforeClose() throws IOException {
    flume.beforeClose();
  }

  @Override
  public String toString() {
    return "Flume serializer " + flume.getClass().getName();
  }
}
