package io.sluice.aggregator.hdfs;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;

/** Opens the file system the sink writes to, its own instance (closed by the sink). */
final class SinkFileSystem {
  private SinkFileSystem() {}

  /**
   * The file system of {@code uri}. For local paths ({@code file://}, or a default file system
   * that is local) this is the raw local file system: the checksummed one keeps the tail of each
   * flushed batch in the JVM (a partial checksum chunk), so a killed process would lose events the
   * sink had committed; the raw one hands every hflush to the operating system.
   */
  static FileSystem open(URI uri, Configuration conf) throws IOException {
    FileSystem fs = FileSystem.newInstance(uri, conf);
    if (fs instanceof LocalFileSystem local) {
      return local.getRawFileSystem();
    }
    return fs;
  }
}
