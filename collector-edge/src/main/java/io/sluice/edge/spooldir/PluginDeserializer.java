package io.sluice.edge.spooldir;

import io.sluice.api.Event;
import io.sluice.api.serialization.DeserializerInput;
import io.sluice.api.serialization.EventDeserializer;
import io.sluice.api.serialization.EventDeserializerFactory;
import java.io.IOException;

/**
 * A deserializer class named in {@code deserializer} (a Flume one, through the adapter), read like
 * the built-ins. Its position is asked after every event, so that a failure there is a read
 * failure of that event like any other.
 */
final class PluginDeserializer implements SpoolDeserializer {
  private final EventDeserializer plugin;
  private long position;

  /** The factory's deserializer of {@code input}; a failure to make it is a read failure of the file. */
  static PluginDeserializer open(EventDeserializerFactory factory, DeserializerInput input) throws IOException {
    try {
      return new PluginDeserializer(factory.open(input), input.start());
    } catch (RuntimeException e) {
      throw new IOException(factory + " cannot open the file: " + e, e);
    }
  }

  private PluginDeserializer(EventDeserializer plugin, long start) {
    this.plugin = plugin;
    this.position = start;
  }

  @Override
  public Event next() throws IOException {
    try {
      Event e = plugin.next();
      if (e != null) {
        position = plugin.position();
      }
      return e;
    } catch (RuntimeException e) {
      // Someone else's code: a bad record must set the file aside, not kill the source's thread.
      throw new IOException(plugin + " failed: " + e, e);
    }
  }

  @Override
  public SpoolPosition position() {
    return SpoolPosition.at(position);
  }

  @Override
  public void close() throws IOException {
    plugin.close();
  }
}
