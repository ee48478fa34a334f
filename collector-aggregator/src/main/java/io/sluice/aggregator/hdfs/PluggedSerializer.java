package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import io.sluice.api.serialization.EventSerializerFactory;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A serializer of Sluice's API ({@code text}, {@code header_and_text}, or a class named in the
 * {@code serializer} key: a Flume {@code EventSerializer.Builder} through the Flume adapter), called
 * in the order Flume's HDFS sink calls it. One per file.
 */
final class PluggedSerializer implements EventSerializer {
  private final EventSerializerFactory factory;
  private io.sluice.api.serialization.EventSerializer serializer;

  PluggedSerializer(EventSerializerFactory factory) {
    this.factory = factory;
  }

  @Override
  public void open(OutputStream out) throws IOException {
    serializer = factory.create(out);
    serializer.afterCreate();
  }

  @Override
  public void write(Event event) throws IOException {
    serializer.write(event);
  }

  @Override
  public void flush() throws IOException {
    serializer.flush();
  }

  @Override
  public void finish() throws IOException {
    serializer.flush();
    serializer.beforeClose();
  }
}
