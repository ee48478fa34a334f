package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;

/**
 * Writes events into one open HDFS file in one format ({@code hdfs.fileType}). Made by a
 * {@link FileFormat} over a stream it then owns. Used by one thread at a time.
 */
public interface HdfsFileWriter {

  void append(Event event) throws IOException;

  /**
   * Makes everything appended so far durable on the DataNodes ({@code hflush}, or {@code hsync}
   * when asked) and readable by a reader of the format.
   */
  void flush(boolean hsync) throws IOException;

  /** Completes the format (trailers, last compressed block) and closes the stream. */
  void close() throws IOException;

  /** Pushes what the stream holds to the DataNodes: {@code hsync} to disk, else {@code hflush}. */
  static void pushToDataNodes(FSDataOutputStream out, boolean hsync) throws IOException {
    if (hsync) {
      out.hsync();
    } else {
      out.hflush();
    }
  }
}
