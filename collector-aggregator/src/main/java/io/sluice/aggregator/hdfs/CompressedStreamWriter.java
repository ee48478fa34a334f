package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;

/**
 * {@code hdfs.fileType = CompressedStream}: the serializer's bytes through {@code hdfs.codeC}.
 * Each flush finishes the current compressed member before {@code hflush}, so flushed data can be
 * decompressed even if the file is never closed; the file is a concatenation of members, which
 * Hadoop's decompressor streams read as one. Not thread-safe.
 */
final class CompressedStreamWriter implements HdfsFileWriter {
  private final FSDataOutputStream out;
  private final EventSerializer serializer;
  private final Compressor compressor;
  private final CompressionOutputStream compressed;
  private boolean memberOpen = true;
  private boolean dirty;

  CompressedStreamWriter(FSDataOutputStream out, CompressionCodec codec, Configuration conf,
      EventSerializer serializer) throws IOException {
    this.out = out;
    this.serializer = serializer;
    this.compressor = CodecPool.getCompressor(codec, conf);
    this.compressed = compressor == null ? codec.createOutputStream(out)
        : codec.createOutputStream(out, compressor);
    serializer.open(compressed);
  }

  @Override
  public void append(Event event) throws IOException {
    if (!memberOpen) {
      compressed.resetState();
      memberOpen = true;
    }
    serializer.write(event);
    dirty = true;
  }

  @Override
  public void flush(boolean hsync) throws IOException {
    if (dirty) {
      serializer.flush();
      compressed.finish();
      memberOpen = false;
      dirty = false;
    }
    HdfsFileWriter.pushToDataNodes(out, hsync);
  }

  @Override
  public void close() throws IOException {
    try {
      if (dirty || !memberOpen) {
        serializer.finish();
        if (dirty) {
          compressed.finish();
        }
      }
      out.close();
    } finally {
      if (compressor != null) {
        CodecPool.returnCompressor(compressor);
      }
    }
  }
}
