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
 * Group commit for one data directory: a single syncer thread forces the log whenever commits are
 * waiting, and one force covers every append made before it started. Committers arriving while a
 * force runs are covered by the next one, so syncs per second stay at the disk's rate while
 * transactions per second grow with concurrency. Between syncs the thread zero-fills space ahead
 * of the log ({@link DataDirLog#preallocate()}).
 *
 * <p>Bytes nobody waits for (take-only commits, which do not wait for a sync of their own) are made
 * durable by the next sync a put commit asks for, or, when none comes, within
 * {@link #DEFERRED_SYNC_MILLIS}: an idle syncer wakes that often and forces whatever was written.
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
  private long requested;
  private long durable;
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

  /** Blocks until every byte up to {@code ticket} is durable; throws if the log cannot sync. */
  void awaitSynced(long ticket) {
    lock.lock();
    try {
      if (ticket > requested) {
        requested = ticket;
        work.signal();
      }
      boolean interrupted = false;
      while (durable < ticket) {
        if (failure != null) {
          throw new ChannelException(owner + ": cannot sync the log in " + log.dir()
              + "; the channel must be restarted: " + failure.getMessage(), failure);
        }
        if (finished) {
          throw new ChannelException(owner + ": stopped while a commit waited for its sync");
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

  /** Stops the syncer after a last sync of everything written. */
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
      lock.lock();
      try {
        while (running && requested <= durable && failure == null) {
          try {
            work.await(DEFERRED_SYNC_MILLIS, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
          }
          if (requested <= durable) {
            break; // idle: sync what nobody waited for, then preallocate
          }
        }
        if (failure != null) {
          return;
        }
        target = log.written();
      } finally {
        lock.unlock();
      }
      boolean stopping = !isRunning();
      try {
        if (target > durableNow()) {
          log.force();
          syncs.increment();
        }
        if (!stopping && log.preallocate()) {
          log.force();
        }
      } catch (IOException | RuntimeException e) {
        LOG.error("{}: sync of the log in {} failed; the channel stops accepting commits", owner,
            log.dir(), e);
        fail(e instanceof IOException io ? io : new IOException(e));
        return;
      }
      lock.lock();
      try {
        durable = Math.max(durable, target);
        synced.signalAll();
        if (!running && requested <= durable) {
          return;
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private boolean isRunning() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  private long durableNow() {
    lock.lock();
    try {
      return durable;
    } finally {
      lock.unlock();
    }
  }

  private void fail(IOException e) {
    lock.lock();
    try {
      failure = e;
      synced.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
