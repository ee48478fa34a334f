package io.sluice.aggregator.hdfs;

import io.sluice.aggregator.hdfs.HdfsSinkConfig.FileType;
import io.sluice.aggregator.hdfs.HdfsSinkConfig.WriteFormat;
import java.io.IOException;
import java.time.Clock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The file type, codec and serializer of a sink's files, resolved once: opens an
 * {@link HdfsFileWriter} over a new file's stream, and gives the codec's extension that Flume adds
 * when {@code hdfs.fileSuffix} is empty. Immutable; thread-safe.
 */
public final class FileFormat {
  private final FileType type;
  private final WriteFormat writeFormat;
  private final CompressionCodec codec;
  private final SerializerSpec serializer;
  private final Configuration conf;
  private final Clock clock;

  public FileFormat(FileType type, WriteFormat writeFormat, CompressionCodec codec,
      SerializerSpec serializer, Configuration conf, Clock clock) {
    if (type == FileType.COMPRESSED_STREAM && codec == null) {
      throw new IllegalArgumentException("hdfs.fileType = CompressedStream needs hdfs.codeC");
    }
    this.type = type;
    this.writeFormat = writeFormat;
    this.codec = type == FileType.DATA_STREAM ? null : codec;
    this.serializer = serializer;
    this.conf = conf;
    this.clock = clock;
  }

  /**
   * Finds a codec by Flume's names ({@code gzip}, {@code bzip2}, {@code deflate}, {@code default},
   * {@code lz4}, {@code snappy}...), a codec class's simple name or its full name.
   *
   * @throws IllegalArgumentException when Hadoop knows no such codec
   */
  public static CompressionCodec codecNamed(String name, Configuration conf) {
    CompressionCodec c = new CompressionCodecFactory(conf).getCodecByName(name);
    if (c == null) {
      throw new IllegalArgumentException("no compression codec named " + name);
    }
    // Some codecs need native code or an optional library: find out now, not on the first batch.
    try (java.io.OutputStream probe = c.createOutputStream(new java.io.ByteArrayOutputStream())) {
      probe.write(0);
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new IllegalArgumentException("compression codec " + name + " cannot run here (it needs "
          + "native code or a library that is not installed): " + e, e);
    }
    return c;
  }

  public HdfsFileWriter open(FSDataOutputStream out) throws IOException {
    return switch (type) {
      case SEQUENCE_FILE -> new SequenceFileWriter(out, conf, writeFormat, codec, clock);
      case DATA_STREAM -> new DataStreamWriter(out, serializer.create());
      case COMPRESSED_STREAM -> new CompressedStreamWriter(out, codec, conf, serializer.create());
    };
  }

  /** The codec's default extension ({@code .gz}), or empty without a codec. */
  public String codecExtension() {
    return codec == null ? "" : codec.getDefaultExtension();
  }
}
