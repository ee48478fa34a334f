package io.sluice.aggregator.hdfs;

import io.sluice.aggregator.hdfs.HdfsSinkConfig.WriteFormat;
import io.sluice.api.Event;
import java.io.IOException;
import java.time.Clock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.SequenceFile.CompressionType;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.compress.CompressionCodec;

/**
 * {@code hdfs.fileType = SequenceFile}, Flume's layout: the key is a {@link LongWritable} (the
 * event's {@code timestamp} header, else the sink's clock), the value a {@link BytesWritable}
 * ({@code writeFormat = Writable}) or {@link Text} ({@code writeFormat = Text}) of the body. With a
 * codec the file is block-compressed, and each flush ends the block. Not thread-safe.
 */
final class SequenceFileWriter implements HdfsFileWriter {
  private final FSDataOutputStream out;
  private final FSDataOutputStream buffered;
  private final SequenceFile.Writer writer;
  private final WriteFormat format;
  private final Clock clock;
  private final boolean blockCompressed;
  private final LongWritable key = new LongWritable();

  SequenceFileWriter(FSDataOutputStream out, Configuration conf, WriteFormat format,
      CompressionCodec codec, Clock clock) throws IOException {
    this.out = out;
    // Records go through a buffer so the HDFS stream sees large writes; flush() pushes it through.
    this.buffered = new FSDataOutputStream(
        new java.io.BufferedOutputStream(out, DataStreamWriter.BUFFER), null, out.getPos());
    this.format = format;
    this.clock = clock;
    this.blockCompressed = codec != null;
    Class<? extends Writable> valueClass = format == WriteFormat.TEXT ? Text.class : BytesWritable.class;
    this.writer = SequenceFile.createWriter(conf, SequenceFile.Writer.stream(buffered),
        SequenceFile.Writer.keyClass(LongWritable.class), SequenceFile.Writer.valueClass(valueClass),
        codec == null ? SequenceFile.Writer.compression(CompressionType.NONE)
            : SequenceFile.Writer.compression(CompressionType.BLOCK, codec));
  }

  @Override
  public void append(Event event) throws IOException {
    String ts = event.getHeaders().get(PathTemplate.TIMESTAMP_HEADER);
    key.set(timestampOf(ts));
    if (format == WriteFormat.TEXT) {
      writer.append(key, new Text(event.getBody()));
    } else {
      writer.append(key, new BytesWritable(event.getBody()));
    }
  }

  private long timestampOf(String header) {
    if (header != null) {
      try {
        return Long.parseLong(header.trim());
      } catch (NumberFormatException e) {
        // Flume uses the clock for an unusable header too; the path template reports bad ones.
      }
    }
    return clock.millis();
  }

  @Override
  public void flush(boolean hsync) throws IOException {
    if (blockCompressed) {
      writer.sync();
    }
    buffered.flush();
    HdfsFileWriter.pushToDataNodes(out, hsync);
  }

  @Override
  public void close() throws IOException {
    try {
      writer.close();
      buffered.flush();
    } finally {
      out.close();
    }
  }
}
