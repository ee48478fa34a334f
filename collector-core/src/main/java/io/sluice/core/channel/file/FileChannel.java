package io.sluice.core.channel.file;

import io.sluice.api.Channel;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.channel.ChannelCounters;
import io.sluice.core.channel.ChannelId;
import io.sluice.core.channel.ThreadBoundTransactions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code file} channel: events survive any crash once their commit returned. A commit
 * writes the transaction's records to the write-ahead log of one data directory and returns when
 * a sync covers them (group commit: one sync for every commit waiting at that moment), then makes
 * the puts visible; a commit of takes only does not wait for its sync (a power loss can deliver
 * those events again, never lose one). The queue holds only 8-byte pointers into the log; a take reads the event back
 * from its segment. Checkpoints of the queue bound replay; segments with nothing live before the
 * checkpoint are deleted. See docs/file-channel.md for the design and the crash guarantees.
 *
 * <p>Thread-safe; each thread gets its own transaction from {@link #getTransaction()}. Owns one
 * syncer thread per data directory and a checkpoint thread, all stopped by {@link #stop()}.
 */
public final class FileChannel implements Channel {
  private static final Logger LOG = LoggerFactory.getLogger(FileChannel.class);

  private final FileChannelConfig config;
  private final ComponentContext context;
  private final ChannelId id;
  private final DiskSpace diskSpace;
  private final SegmentSync sync;
  private final long keepAliveNanos;
  private final ChannelCounters counters;
  private final ComponentMetrics.Counter putErrors;
  private final ComponentMetrics.Counter takeErrors;
  private final ComponentMetrics.Counter corruptRecords;
  private final ComponentMetrics.Counter checkpointErrors;
  private final ComponentMetrics.Counter backupCheckpointErrors;
  private final ThreadBoundTransactions<FileTransaction> transactions;
  // Commits hold the read lock from append to apply; a checkpoint's snapshot takes the write lock.
  private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
  private final AtomicLong sequence = new AtomicLong();
  private final List<DirectoryLock> locks = new ArrayList<>();

  // Buffers of closed transactions, for the next ones (a thread gets a new transaction each time).
  private static final int MAX_SPARE_BUFFERS = 64;
  private final java.util.ArrayDeque<Buffers> spareBuffers = new java.util.ArrayDeque<>();

  // Checkpoints one at a time: the periodic ones, the early ones that free segments, stop's.
  private final Object checkpointLock = new Object();
  // Early checkpoints (checkpointIfSegmentsFree) come at most once per this much time.
  private final long earlyCheckpointSpacingNanos;
  private volatile long lastCheckpointNanos;
  // Set when an early checkpoint failed: the next ones wait for a periodic one to succeed.
  private volatile boolean earlyCheckpointsPaused;

  private volatile EventQueue queue;
  private volatile WriteAheadLog log;
  private volatile boolean open;
  private ScheduledExecutorService checkpointer;

  public FileChannel(FileChannelConfig config, ComponentContext context) {
    this(config, context, DiskSpace.fileSystem());
  }

  /** With a free-space probe of the caller's choosing (tests simulate a full disk with it). */
  public FileChannel(FileChannelConfig config, ComponentContext context, DiskSpace diskSpace) {
    this(config, context, diskSpace, SegmentSync.FORCE);
  }

  /** With the disk's answer to a sync of the caller's choosing (tests inject failures). */
  FileChannel(FileChannelConfig config, ComponentContext context, DiskSpace diskSpace,
      SegmentSync sync) {
    this.sync = sync;
    this.config = config;
    this.context = context;
    this.id = ChannelId.of(context);
    this.diskSpace = diskSpace;
    this.keepAliveNanos = config.keepAlive().toNanos();
    this.earlyCheckpointSpacingNanos = config.checkpointInterval().toNanos() / 10;
    ComponentMetrics metrics = context.metrics();
    this.counters = new ChannelCounters(metrics, this::size, config.capacity());
    this.putErrors = metrics.counter("EventPutErrorCount");
    this.takeErrors = metrics.counter("EventTakeErrorCount");
    this.corruptRecords = metrics.counter("CorruptRecordCount");
    this.checkpointErrors = metrics.counter("CheckpointWriteErrorCount");
    this.backupCheckpointErrors = metrics.counter("CheckpointBackupWriteErrorCount");
    metrics.gauge("LogSyncCount", this::syncCount);
    metrics.gauge("Open", () -> open ? 1 : 0);
    metrics.gauge("TakeCacheHitCount", () -> readStats()[0]);
    metrics.gauge("TakeFileReadCount", () -> readStats()[2]);
    metrics.gauge("LogSegmentNewCount", () -> segmentStats()[0]);
    metrics.gauge("LogSegmentReusedCount", () -> segmentStats()[1]);
    metrics.gauge("Unhealthy", () -> log != null && log.unhealthy() ? 1 : 0);
    this.transactions = new ThreadBoundTransactions<>(() -> new FileTransaction(this));
  }

  @Override
  public synchronized void start() throws IOException {
    try {
      for (Path dir : config.allDirs()) {
        locks.add(DirectoryLock.acquire(dir, id.toString()));
      }
      log = new WriteAheadLog(config.dataDirs(), config.maxFileSize(), id.toString(),
          config.tailCacheBytes(), sync);
      Checkpoint checkpoint = new CheckpointStore(config, id.toString()).load(log);
      Replayer.Result replayed = new Replayer(log.dirs(), config.skipCorruptRecords(),
          id.toString()).replay(checkpoint);
      sequence.set(replayed.maxSequence());
      queue = new EventQueue(config.capacity(), replayed.pointers());
      log.start(context.threadFactory("sync"));
      LOG.info("{} started with {} events ({} commits replayed from the log)", id,
          replayed.pointers().length, replayed.replayedCommits());
      // Not fatal: a channel on a full disk must still start so its sinks can drain it.
      checkpointQuietly();
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      throw e;
    }
    open = true;
    long interval = config.checkpointInterval().toMillis();
    checkpointer = Executors.newSingleThreadScheduledExecutor(context.threadFactory("checkpoint"));
    checkpointer.scheduleWithFixedDelay(this::periodicCheckpoint, interval, interval,
        TimeUnit.MILLISECONDS);
    long poll = Math.max(10, Math.min(100, interval / 10));
    checkpointer.scheduleWithFixedDelay(this::checkpointIfSegmentsFree, poll, poll,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (!open) {
      return;
    }
    open = false;
    checkpointer.shutdown();
    try {
      if (!checkpointer.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("{}: checkpoint thread did not stop within 30 s", id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (config.checkpointOnClose()) {
      checkpointQuietly();
    }
    closeQuietly();
    LOG.info("{} stopped holding {} events", id, queue.size());
  }

  @Override
  public String getName() {
    return id.channel();
  }

  @Override
  public Transaction getTransaction() {
    if (!open) {
      throw new ChannelException(id + " is not open");
    }
    return transactions.current();
  }

  @Override
  public long size() {
    EventQueue q = queue;
    return q == null ? 0 : q.size();
  }

  @Override
  public long capacity() {
    return config.capacity();
  }

  @Override
  public int transactionCapacity() {
    return config.transactionCapacity();
  }

  /** Log syncs (force calls) since start; with the commit count this shows group commit at work. */
  public long syncCount() {
    WriteAheadLog l = log;
    return l == null ? 0 : l.syncs();
  }

  /** Bytes written to the log but not yet synced (take-only commits do not wait for a sync). */
  long unsyncedBytes() {
    WriteAheadLog l = log;
    return l == null ? 0 : l.unsynced();
  }

  /**
   * Where takes were served from since start: {tail cache, a window read earlier, file reads}
   * (a file read brings in a window of the records after the one taken).
   */
  public long[] readStats() {
    WriteAheadLog l = log;
    return l == null ? new long[3] : l.readStats();
  }

  /**
   * Segments started since start, all data directories: {made as new files, made from retired
   * ones} (see docs/file-channel.md, "Segment reuse").
   */
  public long[] segmentStats() {
    WriteAheadLog l = log;
    return l == null ? new long[2] : l.segmentStats();
  }

  /** Writes a checkpoint now and deletes log segments it makes unnecessary. */
  public void checkpoint() throws IOException {
    // Not this channel's monitor: stop() holds it while it waits for the checkpoint thread.
    synchronized (checkpointLock) {
      lastCheckpointNanos = System.nanoTime();
      long[][] positions;
      long[] pointers;
      long seq;
      long[] written;
      List<int[]> unused;
      commitLock.writeLock().lock();
      try {
        seq = sequence.get();
        positions = log.positions();
        pointers = queue.snapshot();
        written = log.written();
        // Dead now means dead for good: puts only go to segments at or after the positions.
        unused = log.unused(positions, queue);
      } finally {
        commitLock.writeLock().unlock();
      }
      // Take-only commits return before their sync. The checkpoint (which leaves their events
      // out and replays from past their records) and the deletion of the segments they emptied
      // must not rest on records a power loss could still take back, so sync up to here first.
      log.awaitSynced(written);
      Checkpoint cp = new Checkpoint(seq, positions, pointers);
      try {
        cp.write(config.checkpointDir());
      } catch (IOException e) {
        checkpointErrors.increment();
        throw new IOException(id + ": cannot write checkpoint in " + config.checkpointDir()
            + ": " + e.getMessage(), e);
      }
      if (config.backupCheckpointDir() != null) {
        try {
          cp.write(config.backupCheckpointDir());
        } catch (IOException e) {
          backupCheckpointErrors.increment();
          throw new IOException(id + ": cannot write backup checkpoint in "
              + config.backupCheckpointDir() + ": " + e.getMessage(), e);
        }
      }
      int deleted = log.delete(unused);
      LOG.debug("{}: checkpoint of {} events at sequence {}; {} segments deleted", id,
          pointers.length, seq, deleted);
    }
  }

  @Override
  public String toString() {
    return "FileChannel{" + id.channel() + ", size=" + size() + "/" + capacity() + "}";
  }

  // ---- used by FileTransaction ----------------------------------------------------------------

  ChannelId id() {
    return id;
  }

  FileChannelConfig config() {
    return config;
  }

  ChannelCounters counters() {
    return counters;
  }

  EventQueue queue() {
    return queue;
  }

  long keepAliveNanos() {
    return keepAliveNanos;
  }

  void release(FileTransaction tx) {
    transactions.release(tx);
  }

  /** Buffers for a transaction: reused, so a transaction allocates no direct memory. */
  Buffers borrowBuffers() {
    synchronized (spareBuffers) {
      Buffers b = spareBuffers.pollLast();
      if (b != null) {
        return b;
      }
    }
    return new Buffers(new TxBuffer(), new ReadBuffer());
  }

  void returnBuffers(Buffers buffers) {
    buffers.records().clear();
    // The reader keeps its window: the next transaction's takes usually continue in it.
    buffers.reader().trim();
    synchronized (spareBuffers) {
      if (spareBuffers.size() < MAX_SPARE_BUFFERS) {
        spareBuffers.addLast(buffers);
      }
    }
  }

  /** A transaction's encoding buffer and read state. */
  record Buffers(TxBuffer records, ReadBuffer reader) {}

  /**
   * Refuses takes once a sync failed: a sink would deliver, fail to commit its take, roll back and
   * deliver the same events again, without end. Restarting the channel replays what is durable.
   */
  void requireHealthy() {
    WriteAheadLog l = log;
    if (l != null && l.unhealthy()) {
      takeErrors.increment();
      throw new ChannelException(id + ": refusing takes: the log could not be synced ("
          + l.failure() + "); restart the channel (or the agent) to replay what is durable");
    }
  }

  /**
   * Reads the event a pointer refers to; the error names the file and offset. A record that can
   * never be read (checksum, missing segment) is quarantined unless the operator chose to stop:
   * counted, logged with its place, and null returned, so the taker commits it away instead of
   * retrying it at the head of the queue forever.
   */
  Event read(long pointer, ReadBuffer reader) {
    try {
      DataDirLog dir = log.dir(Pointer.dir(pointer));
      Event cached = dir.cachedEvent(pointer, reader.strings);
      if (cached != null) {
        return cached;
      }
      return EventCodec.read(dir.readPut(pointer, reader), reader.strings);
    } catch (LogCorruptionException e) {
      if (!config.stopOnCorruptRecord()) {
        corruptRecords.increment();
        LOG.error("{}: quarantined the event at {} of {}: {}; dropped from the channel and counted"
            + " in CorruptRecordCount (corruptRecords = stop keeps it and refuses takes instead)", id,
            Pointer.describe(pointer), config.dataDirs().get(Pointer.dir(pointer)), e.getMessage());
        return null;
      }
      takeErrors.increment();
      throw new ChannelException(id + ": cannot read event at " + Pointer.describe(pointer)
          + " of " + config.dataDirs().get(Pointer.dir(pointer)) + ": " + e.getMessage()
          + " (corruptRecords = stop: takes wait for an operator)", e);
    } catch (IOException | RuntimeException e) {
      takeErrors.increment();
      throw new ChannelException(id + ": cannot read event at " + Pointer.describe(pointer)
          + " of " + config.dataDirs().get(Pointer.dir(pointer)) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes a transaction durable and visible: reserves room, logs the records plus a COMMIT
   * record, waits for the sync, applies to the queue. A commit of takes only does not wait for
   * its sync (unless {@code fsyncPerTake}): its records are in the page cache, which a killed
   * process does not lose, and the next put's sync, a checkpoint or the syncer's idle round
   * ({@link GroupCommitter#DEFERRED_SYNC_MILLIS}) makes them durable; a power loss before that
   * can only deliver those events again, never lose one. Throws, changing nothing visible, on a full
   * channel, low disk space or an I/O error; the TAKE records added here are then removed again.
   */
  void commit(TxBuffer records, long[] takes, int takeCount) {
    int puts = records.puts();
    int dirIndex = log.pick();
    if (puts > 0) {
      requireSpace(log.dir(dirIndex).dir());
    }
    int reserved = Math.max(0, puts - takeCount);
    reserve(reserved, puts);
    boolean applied = false;
    records.takes(takes, takeCount);
    commitLock.readLock().lock();
    try {
      long[] ticket = new long[1];
      long base = log.dir(dirIndex).append(records, sequence, ticket);
      if (puts > 0 || config.fsyncPerTake()) {
        log.committer(dirIndex).awaitSynced(ticket[0]);
      }
      long[] pointers = new long[puts];
      for (int i = 0; i < puts; i++) {
        pointers[i] = base + records.putOffset(i);
      }
      queue.apply(pointers, puts, takes, takeCount, reserved);
      applied = true;
    } catch (IOException e) {
      throw new ChannelException(id + ": cannot write to the log in "
          + log.dir(dirIndex).dir() + ": " + e.getMessage(), e);
    } finally {
      commitLock.readLock().unlock();
      if (!applied) {
        records.undoTakes(takeCount);
        queue.unreserve(reserved);
        if (puts > 0) {
          putErrors.increment();
        }
      }
    }
  }

  private void reserve(int events, int puts) {
    boolean ok;
    try {
      ok = queue.reserve(events, keepAliveNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(id + ": interrupted while waiting for room to commit", e);
    }
    if (!ok) {
      throw new ChannelFullException(id + " is full: cannot commit " + puts + " events, no room "
          + "appeared within keep-alive " + config.keepAlive() + " (capacity "
          + config.capacity() + ", holding " + queue.size() + "). Roll back and retry later; if "
          + "this persists, its sinks are too slow or stopped, or raise " + id.key("capacity"));
    }
  }

  private void requireSpace(Path dataDir) {
    List<Path> dirs = new ArrayList<>(List.of(dataDir, config.checkpointDir()));
    if (config.backupCheckpointDir() != null) {
      dirs.add(config.backupCheckpointDir()); // a full one fails every checkpoint
    }
    for (Path dir : dirs) {
      long free = usableBytes(dir);
      if (free < config.minimumRequiredSpace() && log.releaseRetired() > 0) {
        // Segment files kept for reuse hold disk space; puts come first.
        LOG.info("{}: free space in {} is low; deleted the retired log segments kept for reuse",
            id, dir);
        free = usableBytes(dir);
      }
      if (free < config.minimumRequiredSpace()) {
        putErrors.increment();
        throw new ChannelException(id + ": refusing puts: " + dir + " has " + free
            + " bytes free, below minimumRequiredSpace " + config.minimumRequiredSpace()
            + " (" + id.key("minimumRequiredSpace") + "); takes go on, and puts resume once "
            + "space is freed");
      }
    }
  }

  private long usableBytes(Path dir) {
    try {
      return diskSpace.usableBytes(dir);
    } catch (IOException e) {
      putErrors.increment();
      throw new ChannelException(id + ": cannot tell the free space of " + dir, e);
    }
  }

  private boolean checkpointQuietly() {
    try {
      checkpoint();
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.error("{}: checkpoint failed; replay on the next start will be longer", id, e);
      return false;
    }
  }

  private void periodicCheckpoint() {
    if (checkpointQuietly()) {
      earlyCheckpointsPaused = false;
    }
  }

  /**
   * A checkpoint ahead of the interval as soon as a segment before the one being written holds no
   * event, so the segment is retired within a fraction of a segment's time and its file becomes
   * the next segment (a write over allocated blocks, not the first write into new ones). Only
   * a checkpoint may free a segment (see "Take commits" in docs/file-channel.md); this adds no
   * other way. At most one per tenth of checkpointInterval; one that fails leaves the next to the
   * periodic checkpoint.
   */
  private void checkpointIfSegmentsFree() {
    try {
      if (!open || earlyCheckpointsPaused
          || System.nanoTime() - lastCheckpointNanos < earlyCheckpointSpacingNanos
          || !log.hasUnused(queue)) {
        return;
      }
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again; the periodic checkpoint goes on anyway.
      LOG.error("{}: cannot tell whether a log segment can be freed; early checkpoints wait"
          + " for the next periodic one", id, e);
      earlyCheckpointsPaused = true;
      return;
    }
    if (!checkpointQuietly()) {
      earlyCheckpointsPaused = true;
    }
  }

  private void closeQuietly() {
    if (log != null) {
      try {
        log.close();
      } catch (IOException e) {
        LOG.warn("{}: error closing the log", id, e);
      }
    }
    for (DirectoryLock lock : locks) {
      try {
        lock.close();
      } catch (IOException e) {
        LOG.warn("{}: error releasing a directory lock", id, e);
      }
    }
    locks.clear();
  }
}
