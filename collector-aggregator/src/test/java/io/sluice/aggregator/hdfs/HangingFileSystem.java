package io.sluice.aggregator.hdfs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code hang:}, whose flushes block, ignoring interrupts,
 * while {@link #GATE} holds a closed latch: a stand-in for an HDFS call that hangs. Test-only; the
 * gate is static because Hadoop instantiates file systems by class name.
 */
public final class HangingFileSystem extends RawLocalFileSystem {
  static final AtomicReference<CountDownLatch> GATE = new AtomicReference<>(new CountDownLatch(0));

  @Override
  public URI getUri() {
    return URI.create("hang:///");
  }

  @Override
  public String getScheme() {
    return "hang";
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return hanging(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    return hanging(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  private static FSDataOutputStream hanging(FSDataOutputStream real) throws IOException {
    return new FSDataOutputStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        real.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        real.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        awaitGate();
        real.flush();
      }

      @Override
      public void close() throws IOException {
        real.close();
      }
    }, null);
  }

  private static void awaitGate() {
    boolean interrupted = false;
    while (true) {
      try {
        GATE.get().await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // a hung native call would not notice either
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
