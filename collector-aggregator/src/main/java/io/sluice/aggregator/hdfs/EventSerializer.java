package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns events into the bytes of one file (Flume's {@code serializer} for DataStream and
 * CompressedStream files). One instance per file; used by one thread at a time.
 */
public interface EventSerializer {

  /** Called once with the file's stream, before any event; may write a header. */
  void open(OutputStream out) throws IOException;

  void write(Event event) throws IOException;

  /** Pushes anything buffered into the stream (the stream itself is flushed by the caller). */
  void flush() throws IOException;

  /** Writes any trailer and flushes; the caller closes the stream. */
  void finish() throws IOException;
}
