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
 * while {@link #GATE} holds a closed latch, and whose closes of files with {@link #CLOSE_HANGS_FOR}
 * in their path block likewise while {@link #CLOSE_GATE} is closed: a stand-in for an HDFS call that
 * hangs. Test-only; the gates are static because Hadoop instantiates file systems by class name.
 */
public final class HangingFileSystem extends RawLocalFileSystem {
  static final AtomicReference<CountDownLatch> GATE = new AtomicReference<>(new CountDownLatch(0));
  static final AtomicReference<CountDownLatch> CLOSE_GATE =
      new AtomicReference<>(new CountDownLatch(0));
  /** Closes of files whose path contains this hang on {@link #CLOSE_GATE}; null: none. */
  static final AtomicReference<String> CLOSE_HANGS_FOR = new AtomicReference<>();

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
    return hanging(f, super.create(f, permission, overwrite, bufferSize, replication, blockSize,
        progress));
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    return hanging(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  private static FSDataOutputStream hanging(Path path, FSDataOutputStream real) throws IOException {
    String marker = CLOSE_HANGS_FOR.get();
    boolean closeHangs = marker != null && path.toString().contains(marker);
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
        awaitGate(GATE);
        real.flush();
      }

      @Override
      public void close() throws IOException {
        if (closeHangs) {
          awaitGate(CLOSE_GATE);
        }
        real.close();
      }
    }, null);
  }

  private static void awaitGate(AtomicReference<CountDownLatch> gate) {
    boolean interrupted = false;
    while (true) {
      try {
        gate.get().await();
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
