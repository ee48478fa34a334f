package io.sluice.aggregator.hdfs;

import io.sluice.api.spi.ComponentMetrics;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a bucket's next file under its in-use name, never overwriting (a taken name moves on to
 * the next counter), and opens the format's writer over it. Blocking; called from the I/O pool.
 * Thread-safe.
 */
final class FileOpener {
  private static final Logger LOG = LoggerFactory.getLogger(FileOpener.class);
  private static final int MAX_NAME_TRIES = 100;

  private final FileSystem fs;
  private final FileNamer namer;
  private final FileFormat format;
  private final ComponentMetrics.Counter opened;

  FileOpener(FileSystem fs, FileNamer namer, FileFormat format, ComponentMetrics metrics) {
    this.fs = fs;
    this.namer = namer;
    this.format = format;
    this.opened = metrics.counter("ConnectionCreatedCount");
  }

  BucketFile open(String bucket, String directory, String prefix, long now,
      boolean forUnderReplication) throws IOException {
    for (int i = 0; i < MAX_NAME_TRIES; i++) {
      FileNamer.Names names = namer.next(directory, prefix);
      if (fs.exists(names.target())) {
        continue;
      }
      FSDataOutputStream out;
      try {
        out = fs.create(names.inUse(), false);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      try {
        HdfsFileWriter writer = format.open(out);
        opened.increment();
        return new BucketFile(bucket, names.inUse(), names.target(), out, writer, now,
            forUnderReplication);
      } catch (IOException | RuntimeException e) {
        discard(out, names.inUse(), e);
        throw e;
      }
    }
    throw new IOException("no free file name for prefix " + prefix + " in " + directory + " after "
        + MAX_NAME_TRIES + " tries");
  }

  private void discard(FSDataOutputStream out, Path inUse, Exception cause) {
    try {
      out.close();
      fs.delete(inUse, false);
    } catch (IOException e) {
      cause.addSuppressed(e);
      LOG.warn("Could not remove {} after failing to start writing it", inUse, e);
    }
  }
}
