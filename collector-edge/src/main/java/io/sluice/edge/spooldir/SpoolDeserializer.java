package io.sluice.edge.spooldir;

import io.sluice.api.Event;
import java.io.Closeable;
import java.io.IOException;

/** Turns one file's bytes into events, from a resume position on. Runner-thread confined. */
interface SpoolDeserializer extends Closeable {

  /**
   * The next event, or null at the end of the file.
   *
   * @throws DecodeFailure when the bytes cannot be decoded and the policy is FAIL
   */
  Event next() throws IOException;

  /** Where reading resumes after the last event returned. */
  SpoolPosition position();
}
