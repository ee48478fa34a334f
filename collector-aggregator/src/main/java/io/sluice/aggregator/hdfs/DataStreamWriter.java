package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import java.io.BufferedOutputStream;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;

/**
 * {@code hdfs.fileType = DataStream}: the serializer's bytes, uncompressed. Events are gathered in
 * a buffer so the HDFS stream (checksums, packets, a lock per call) sees large writes. Not
 * thread-safe.
 */
final class DataStreamWriter implements HdfsFileWriter {
  static final int BUFFER = 64 * 1024;
  private final FSDataOutputStream out;
  private final BufferedOutputStream buffered;
  private final EventSerializer serializer;

  DataStreamWriter(FSDataOutputStream out, EventSerializer serializer) throws IOException {
    this.out = out;
    this.buffered = new BufferedOutputStream(out, BUFFER);
    this.serializer = serializer;
    serializer.open(buffered);
  }

  @Override
  public void append(Event event) throws IOException {
    serializer.write(event);
  }

  @Override
  public void flush(boolean hsync) throws IOException {
    serializer.flush();
    buffered.flush();
    HdfsFileWriter.pushToDataNodes(out, hsync);
  }

  @Override
  public void close() throws IOException {
    try {
      serializer.finish();
      buffered.flush();
    } finally {
      out.close();
    }
  }
}
