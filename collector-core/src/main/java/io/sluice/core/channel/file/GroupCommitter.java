package io.sluice.core.channel.file;

import io.sluice.api.ChannelException;
import java.io.IOException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for one data directory, leader and followers: a committer that finds no force
 * running forces the log itself, on its own thread, and that force covers every append made
 * before it started; committers arriving while it runs wait for it, and when it does not cover
 * them, the first of them to wake leads the next one. So a lone committer syncs without handing
 * off to another thread and back (two context switches and two futex wake-ups per commit), and
 * many committers still share one sync: syncs per second stay at the disk's rate while
 * transactions per second grow with concurrency.
 *
 * <p>The directory's syncer thread does what no committer waits for: bytes nobody waits for
 * (take-only commits, which do not wait for a sync of their own) are made durable by the next
 * leader's force, or, when none comes, within {@link #DEFERRED_SYNC_MILLIS}: the idle syncer wakes
 * that often and forces whatever was written. It zero-fills space ahead of the log
 * ({@link DataDirLog#preallocate()}) when a leader finds it running low, so no commit waits for
 * those writes beyond one force. A leader keeps a pending interrupt for after its force (an
 * interrupt closes an interruptible channel's file, here the segment under the force); one that
 * lands during the force closes it, and the log fails as for a failed sync (the runners interrupt
 * only a step stuck past its grace period).
 *
 * <p>A failed force is fatal for the directory: the page cache may have dropped the data (the
 * "fsyncgate" lesson), so every waiting and later commit fails with the original error.
 *
 * <p>Thread-safe. Owned by the channel: {@link #start} and {@link #stop} are called once each.
 */
final class GroupCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  /**
   * The longest an appended record waits for a sync when no commit asks for one (plus one
   * preallocation and one force): what a power loss can cost of take commits that did not wait.
   */
  static final long DEFERRED_SYNC_MILLIS = 100;

  private final DataDirLog log;
  private final String owner;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition synced = lock.newCondition();
  private final LongAdder syncs;
  private Thread thread;

  // Guarded by lock.
  private long durable;
  private boolean syncing; // a force runs, a leading committer's or the syncer's
  private boolean preallocate; // a leader found the zeros ahead of the log running low
  private boolean running;
  private boolean finished;
  private IOException failure;

  GroupCommitter(DataDirLog log, String owner, LongAdder syncs) {
    this.log = log;
    this.owner = owner;
    this.syncs = syncs;
  }

  void start(ThreadFactory threads) {
    lock.lock();
    try {
      running = true;
    } finally {
      lock.unlock();
    }
    thread = threads.newThread(this::run);
    thread.start();
  }

  /**
   * Blocks until every byte up to {@code ticket} is durable, forcing the log on this thread when
   * no force is running; throws if the log cannot sync.
   */
  void awaitSynced(long ticket) {
    lock.lock();
    try {
      boolean interrupted = false;
      while (durable < ticket) {
        if (failure != null) {
          throw new ChannelException(owner + ": cannot sync the log in " + log.dir()
              + "; the channel must be restarted: " + failure.getMessage(), failure);
        }
        if (finished) {
          throw new ChannelException(owner + ": stopped while a commit waited for its sync");
        }
        if (!syncing) {
          // A pending interrupt would close the file under the force (an interruptible
          // channel): keep it for the caller instead.
          interrupted |= Thread.interrupted();
          lead();
          continue;
        }
        try {
          synced.await();
        } catch (InterruptedException e) {
          // A commit whose bytes are written must learn whether they are durable; finish waiting.
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * One round as leader, entered and left holding the lock (released during the force): forces
   * every append made so far and wakes the committers it covers.
   */
  private void lead() {
    syncing = true;
    long target = log.written();
    long before = durable;
    IOException failed = null;
    boolean lowOnZeros = false;
    lock.unlock();
    try {
      if (target > before) {
        log.force();
        syncs.increment();
      }
      lowOnZeros = log.preallocationDue();
    } catch (IOException | RuntimeException e) {
      failed = e instanceof IOException io ? io : new IOException(e);
    } finally {
      lock.lock();
      syncing = false; // even after an Error: the next committer leads
      synced.signalAll();
    }
    if (forced(target, failed) && lowOnZeros && !preallocate) {
      preallocate = true;
      work.signal();
    }
  }

  /**
   * Records the outcome of a force that covered the log up to {@code target} (holding the lock,
   * after {@code syncing} was cleared and the waiters woken): the new durable mark, or the failure
   * that fails every later commit.
   *
   * @return true if the force succeeded
   */
  private boolean forced(long target, IOException failed) {
    if (failed != null) {
      LOG.error("{}: sync of the log in {} failed; the channel stops accepting commits", owner,
          log.dir(), failed);
      failure = failed;
      return false;
    }
    durable = Math.max(durable, target);
    return true;
  }

  /** Bytes written but not yet known durable (take-only commits wait for no sync). */
  long unsynced() {
    lock.lock();
    try {
      return Math.max(0, log.written() - durable);
    } finally {
      lock.unlock();
    }
  }

  /** The sync failure as a message, or null. */
  String failure() {
    lock.lock();
    try {
      return failure == null ? null : log.dir() + ": " + failure.getMessage();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the syncer after a last sync of everything written, then waits for a leader's force
   * still running (the files close after this returns; no commit leads once the syncer is done).
   */
  void stop() {
    lock.lock();
    try {
      running = false;
      work.signal();
    } finally {
      lock.unlock();
    }
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      finished = true;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      for (long left = deadline - System.nanoTime(); syncing && left > 0;
          left = deadline - System.nanoTime()) {
        synced.awaitNanos(left);
      }
      synced.signalAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    try {
      syncLoop();
    } finally {
      lock.lock();
      try {
        finished = true;
        synced.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void syncLoop() {
    while (true) {
      long target;
      long before;
      boolean stopping;
      lock.lock();
      try {
        if (running && !preallocate && failure == null) {
          try {
            work.await(DEFERRED_SYNC_MILLIS, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
          }
        }
        // A leader's force runs: wait for it, then sync what it did not cover.
        while (syncing && failure == null) {
          synced.awaitUninterruptibly();
        }
        if (failure != null) {
          return;
        }
        syncing = true;
        preallocate = false;
        target = log.written();
        before = durable;
        stopping = !running;
      } finally {
        lock.unlock();
      }
      IOException failed = null;
      try {
        if (target > before) {
          log.force();
          syncs.increment();
        }
        if (!stopping && log.preallocate()) {
          log.force();
        }
      } catch (IOException | RuntimeException e) {
        failed = e instanceof IOException io ? io : new IOException(e);
      }
      lock.lock();
      try {
        syncing = false;
        synced.signalAll();
        if (!forced(target, failed) || !running) {
          return;
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
