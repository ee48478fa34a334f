package io.sluice.aggregator.hdfs;

import io.sluice.api.spi.ComponentMetrics;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes files in the background so the writing thread never waits on a close: close the stream,
 * or when that fails (or there is no stream, for a file left by a crash) recover the lease, then
 * rename the in-use name to the final one. A failed attempt is retried after
 * {@code hdfs.retryInterval}, at most {@code hdfs.closeTries} times (0: until it works); while the
 * NameNode is still recovering a lease it is polled every second, and each
 * {@code hdfs.retryInterval} of that wait counts as a try. Every step is bounded by
 * {@code hdfs.callTimeout}. A file given up on is logged once at ERROR, counted in
 * {@code FilesGivenUpCount}, stays in-use and is recovered by the next start.
 *
 * <p>Data is never at stake here: everything written was flushed to the DataNodes before the
 * channel commit; closing only makes the file final. Thread-safe.
 */
final class CloseRetrier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CloseRetrier.class);
  private static final long RECOVERY_POLL_MILLIS = 1000;

  private final String sinkName;
  private final HdfsCalls calls;
  private final LeaseRecovery recovery;
  private final ScheduledExecutorService timer;
  private final int closeTries;
  private final long retryIntervalMillis;
  private final AtomicInteger pending = new AtomicInteger();
  /** Files handed over whose stream is not closed yet: each still holds buffers (and, on HDFS, threads). */
  private final AtomicInteger openStreams = new AtomicInteger();
  /** Files whose last attempt failed: logging follows its 0 / non-0 state, not every file. */
  private final AtomicInteger failing = new AtomicInteger();
  private final ComponentMetrics.Counter closed;
  private final ComponentMetrics.Counter closeFailed;
  private final ComponentMetrics.Counter givenUp;

  CloseRetrier(String sinkName, HdfsCalls calls, LeaseRecovery recovery, int threads,
      ThreadFactory threadFactory, int closeTries, long retryIntervalMillis, ComponentMetrics metrics) {
    this.sinkName = sinkName;
    this.calls = calls;
    this.recovery = recovery;
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(threads, threadFactory);
    t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.timer = t;
    this.closeTries = closeTries;
    this.retryIntervalMillis = retryIntervalMillis;
    this.closed = metrics.counter("ConnectionClosedCount");
    this.closeFailed = metrics.counter("ConnectionFailedCount");
    this.givenUp = metrics.counter("FilesGivenUpCount");
    metrics.gauge("FilesPendingClose", pending::get);
    metrics.gauge("StreamsPendingClose", openStreams::get);
  }

  /** Closes and renames an open file whose content is all committed, in the background. */
  void close(BucketFile file) {
    submit(new Job(file, file.inUse(), file.target(), -1));
  }

  /**
   * Finishes a file written by a batch that rolled back: it is cut back to its committed length
   * (so the batch's events, which the channel will deliver again, are not in it twice), or deleted
   * when nothing in it was committed, then renamed.
   */
  void abort(BucketFile file) {
    submit(new Job(file, file.inUse(), file.target(), file.committedLength()));
  }

  /** Recovers the lease of a file left open by an earlier run and renames it. */
  void recover(Path inUse, Path target) {
    submit(new Job(null, inUse, target, -1));
  }

  /**
   * Searches {@code root} for in-use files an earlier run left (see
   * {@link LeaseRecovery#leftovers}) and recovers each, in the background; the search is retried
   * every {@code hdfs.retryInterval} while HDFS is unavailable.
   */
  void recoverLeftovers(Path root, FileNamer namer) {
    pending.incrementAndGet();
    try {
      timer.execute(() -> scan(root, namer, 0));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      pending.decrementAndGet();
    }
  }

  private void scan(Path root, FileNamer namer, int failures) {
    try {
      java.util.List<FileNamer.Names> found =
          calls.call("search for in-use files under " + root, () -> recovery.leftovers(root, namer));
      if (!found.isEmpty()) {
        LOG.info("Sink {}: recovering {} file(s) an earlier run left in-use under {}", sinkName,
            found.size(), root);
      }
      found.forEach(n -> recover(n.inUse(), n.target()));
      pending.decrementAndGet();
    } catch (IOException | RuntimeException e) {
      if (failures == 0) {
        LOG.warn("Sink {}: searching {} for files left in-use failed, retrying every {} ms: {}",
            sinkName, root, retryIntervalMillis, e.toString());
      }
      try {
        timer.schedule(() -> scan(root, namer, failures + 1), retryIntervalMillis, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        pending.decrementAndGet();
      }
    }
  }

  /** Files still being closed or recovered. */
  int pending() {
    return pending.get();
  }

  /** Files handed over whose stream is still open. */
  int openStreams() {
    return openStreams.get();
  }

  /**
   * Waits until at most {@code max} handed-over files still have their stream open, or the time is
   * up; true when they are that few. Lets the writer wait instead of opening new files faster than
   * old ones close.
   */
  boolean awaitOpenStreamsAtMost(int max, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (openStreams.get() > max && System.nanoTime() < deadline) {
      synchronized (this) {
        wait(5);
      }
    }
    return openStreams.get() <= max;
  }

  private void submit(Job job) {
    pending.incrementAndGet();
    if (!job.streamDone) {
      openStreams.incrementAndGet();
    }
    try {
      timer.execute(() -> attempt(job));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      pending.decrementAndGet();
      if (!job.streamDone) {
        openStreams.decrementAndGet();
      }
      LOG.warn("Sink {}: not closing {} because the sink is stopping; the next start recovers it",
          sinkName, job.inUse);
    }
  }

  private void attempt(Job job) {
    try {
      job.step();
      pending.decrementAndGet();
      closed.increment();
      if (job.failures > 0 && failing.decrementAndGet() == 0) {
        LOG.info("Sink {}: finishing files works again (last: {} after {} failed attempt(s))",
            sinkName, job.target, job.failures);
      }
      if (job.file == null) {
        LOG.info("Sink {}: recovered {} left in-use by an earlier run", sinkName, job.target);
      }
    } catch (LeaseBusy busy) {
      // Recovery that has only just started is normal; waiting on it counts as a try once per
      // hdfs.retryInterval, so hdfs.closeTries also bounds a recovery that never completes.
      long now = System.nanoTime();
      if (job.busySince == 0) {
        job.busySince = now;
      } else if (now - job.busySince >= TimeUnit.MILLISECONDS.toNanos(retryIntervalMillis)) {
        job.busySince = now;
        if (failed(job, busy, false)) {
          return;
        }
      }
      schedule(job, Math.min(RECOVERY_POLL_MILLIS, retryIntervalMillis));
    } catch (LeaseRecovery.FinalNameTaken e) {
      failed(job, e, true); // retrying cannot free the name
    } catch (IOException | RuntimeException e) {
      job.busySince = 0;
      if (!failed(job, e, false)) {
        LOG.debug("Sink {}: finishing {} failed ({} tries)", sinkName, job.inUse, job.failures, e);
        schedule(job, retryIntervalMillis);
      }
    }
  }

  /**
   * Counts a failed try; true when it was the last one ({@code hdfs.closeTries}, or
   * {@code lastTry}) and the file is given up.
   */
  private boolean failed(Job job, Exception e, boolean lastTry) {
    job.failures++;
    closeFailed.increment();
    boolean givingUp = lastTry || (closeTries > 0 && job.failures >= closeTries);
    if (job.failures == 1 && !givingUp && failing.getAndIncrement() == 0) {
      LOG.warn("Sink {}: finishing (closing, recovering, renaming) files fails, first {}: {}; "
          + "retrying every {} ms (hdfs.retryInterval)", sinkName, job.inUse, e.toString(),
          retryIntervalMillis);
    }
    if (!givingUp) {
      return false;
    }
    pending.decrementAndGet();
    if (job.failures > 1) {
      failing.decrementAndGet();
    }
    givenUp.increment();
    LOG.error("Sink {}: giving up on finishing {} after {} tries{}; it stays in-use until the "
        + "sink's next start recovers it. Last error: {}", sinkName, job.inUse, job.failures,
        lastTry ? "" : " (hdfs.closeTries)", e.toString());
    return true;
  }

  private void schedule(Job job, long delayMillis) {
    try {
      timer.schedule(() -> attempt(job), delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      pending.decrementAndGet();
    }
  }

  /** Waits until nothing is pending or the time is up; true when nothing is pending. */
  boolean awaitIdle(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (pending.get() > 0 && System.nanoTime() < deadline) {
      synchronized (this) {
        wait(10);
      }
    }
    return pending.get() == 0;
  }

  /** Stops the retry threads; files still pending stay in-use for the next start. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  private static final class LeaseBusy extends IOException {
    private static final long serialVersionUID = 1L;

    LeaseBusy(String message) {
      super(message);
    }
  }

  private final class Job {
    private final BucketFile file;
    private final Path inUse;
    private final Path target;
    private final long keepLength;
    private boolean streamDone;
    private boolean leaseFree;
    private boolean truncated;
    private int failures;
    /** When the current wait on lease recovery started, or was last counted as a try; 0: none. */
    private long busySince;

    Job(BucketFile file, Path inUse, Path target, long keepLength) {
      this.file = file;
      this.inUse = inUse;
      this.target = target;
      this.keepLength = keepLength;
      this.streamDone = file == null;
      this.truncated = keepLength < 0;
    }

    void step() throws IOException {
      if (!streamDone) {
        // A failed close leaves a broken stream: never close it twice, recover the lease instead.
        streamDone = true;
        try {
          calls.call("close of " + inUse, () -> {
            file.close();
            return null;
          });
        } finally {
          openStreams.decrementAndGet();
        }
        leaseFree = true;
      }
      if (!leaseFree) {
        boolean free = calls.call("lease recovery of " + inUse, () -> recovery.recoverLease(inUse));
        if (!free) {
          throw new LeaseBusy("lease recovery of " + inUse + " in progress");
        }
        leaseFree = true;
      }
      if (!truncated) {
        if (keepLength == 0) {
          calls.call("delete of " + inUse, () -> recovery.delete(inUse));
          return;
        }
        boolean done = calls.call("truncate of " + inUse + " to " + keepLength + " bytes",
            () -> recovery.truncate(inUse, keepLength));
        truncated = true;
        if (!done) {
          leaseFree = false; // the NameNode recovers the last block; wait until the file is closed
          throw new LeaseBusy("truncate of " + inUse + " in progress");
        }
      }
      calls.call("rename of " + inUse, () -> {
        recovery.rename(inUse, target);
        return null;
      });
    }
  }
}
