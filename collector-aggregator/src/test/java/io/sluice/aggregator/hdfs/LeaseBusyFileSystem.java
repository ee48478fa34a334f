package io.sluice.aggregator.hdfs;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code leasebusy:}, with leases whose recovery never
 * completes: every {@code recoverLease} answers "started, not done" and no file is ever closed, as
 * a NameNode does while a block's recovery is stuck. Test-only.
 */
public final class LeaseBusyFileSystem extends RawLocalFileSystem implements LeaseRecoverable {
  /** Lease recoveries asked for, across instances (Hadoop instantiates file systems by name). */
  static final AtomicInteger RECOVERIES = new AtomicInteger();

  @Override
  public URI getUri() {
    return URI.create("leasebusy:///");
  }

  @Override
  public String getScheme() {
    return "leasebusy";
  }

  @Override
  public boolean recoverLease(Path file) {
    RECOVERIES.incrementAndGet();
    return false;
  }

  @Override
  public boolean isFileClosed(Path file) {
    return false;
  }
}
