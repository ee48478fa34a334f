package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;

/** {@code hdfs.fileType = DataStream}: the serializer's bytes, uncompressed. Not thread-safe. */
final class DataStreamWriter implements HdfsFileWriter {
  private final FSDataOutputStream out;
  private final EventSerializer serializer;

  DataStreamWriter(FSDataOutputStream out, EventSerializer serializer) throws IOException {
    this.out = out;
    this.serializer = serializer;
    serializer.open(out);
  }

  @Override
  public void append(Event event) throws IOException {
    serializer.write(event);
  }

  @Override
  public void flush(boolean hsync) throws IOException {
    serializer.flush();
    if (hsync) {
      out.hsync();
    } else {
      out.hflush();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      serializer.finish();
    } finally {
      out.close();
    }
  }
}
