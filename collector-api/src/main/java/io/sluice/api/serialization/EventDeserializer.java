package io.sluice.api.serialization;

import io.sluice.api.Event;
import java.io.Closeable;
import java.io.IOException;

/**
 * Turns the bytes of one spooled file into events, from a start offset on. The source owns the
 * deserializer and closes it (which closes its input). Used by one thread at a time.
 */
public interface EventDeserializer extends Closeable {

  /** The next event, or null at the end of the input. */
  Event next() throws IOException;

  /**
   * The byte offset a new deserializer of the same file starts from to continue after the last
   * event {@link #next} returned: the source saves it once those events are committed, so a
   * restart resumes there.
   */
  long position() throws IOException;
}
