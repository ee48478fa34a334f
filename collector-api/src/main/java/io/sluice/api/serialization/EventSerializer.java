package io.sluice.api.serialization;

import io.sluice.api.Event;
import java.io.IOException;

/**
 * Writes events into the stream of one file, in Flume's order of calls: {@link #afterCreate} once
 * on a new file (a header), {@link #write} per event, {@link #flush} before the sink forces the
 * file, {@link #beforeClose} once before the file is closed (a trailer). The sink owns and closes
 * the stream. Used by one thread at a time.
 */
public interface EventSerializer {

  void afterCreate() throws IOException;

  void write(Event event) throws IOException;

  /** Pushes anything buffered into the stream. */
  void flush() throws IOException;

  void beforeClose() throws IOException;
}
