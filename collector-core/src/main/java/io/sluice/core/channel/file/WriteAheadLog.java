package io.sluice.core.channel.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's log across its data directories: one {@link DataDirLog} and one
 * {@link GroupCommitter} per directory. Transactions are spread over the directories round-robin,
 * so directories on separate disks sync in parallel. Thread-safe.
 */
final class WriteAheadLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);
  private final List<DataDirLog> dirs = new ArrayList<>();
  private final List<GroupCommitter> committers = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final LongAdder syncs = new LongAdder();

  /**
   * Opens the existing segments of every directory (creating directories as needed) and gives
   * each directory a tail cache of an equal share of {@code cacheBytes}.
   */
  WriteAheadLog(List<Path> dataDirs, long maxFileSize, String owner, long cacheBytes,
      SegmentSync sync) throws IOException {
    for (int i = 0; i < dataDirs.size(); i++) {
      Path dir = dataDirs.get(i);
      Files.createDirectories(dir);
      DataDirIndex.check(dir, i, owner);
      DataDirLog log = new DataDirLog(i, dir, maxFileSize, cacheBytes / dataDirs.size(), sync);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "log-*.wal")) {
        for (Path file : files) {
          if (LogSegment.idOf(file) <= 0) {
            continue;
          }
          if (Files.size(file) < LogSegment.HEADER_SIZE) {
            // Created by a crash between creating the file and writing its header: holds nothing.
            LOG.warn("{}: deleting {}, a segment cut short before its header was written", owner,
                file);
            Files.delete(file);
            continue;
          }
          if (LogSegment.onlyZeros(file)) {
            LOG.warn("{}: deleting {}, a segment of zeros whose header never reached the disk",
                owner, file);
            Files.delete(file);
            continue;
          }
          log.adopt(LogSegment.open(file));
        }
      } catch (IOException e) {
        log.close();
        close();
        throw e;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "log-*.retired")) {
        for (Path file : files) {
          // Segments freed by a checkpoint, kept for reuse; beyond the pool's size, deleted.
          if (LogSegment.isRetired(file) && !log.adoptRetired(file)) {
            Files.delete(file);
          }
        }
      } catch (IOException e) {
        log.close();
        close();
        throw e;
      }
      dirs.add(log);
      committers.add(new GroupCommitter(log, owner, syncs));
    }
  }

  List<DataDirLog> dirs() {
    return dirs;
  }

  /** Starts a fresh segment in every directory and the syncer threads. */
  void start(ThreadFactory syncerThreads) throws IOException {
    for (DataDirLog dir : dirs) {
      dir.startNewSegment();
    }
    for (GroupCommitter c : committers) {
      c.start(syncerThreads);
    }
  }

  /** The directory for the next transaction (round-robin). */
  int pick() {
    return Math.floorMod(next.getAndIncrement(), dirs.size());
  }

  DataDirLog dir(int index) {
    return dirs.get(index);
  }

  GroupCommitter committer(int index) {
    return committers.get(index);
  }

  /** True when some directory's sync failed (Flume's Unhealthy). */
  boolean unhealthy() {
    return failure() != null;
  }

  /** The first directory's sync failure, for messages; null when every directory is healthy. */
  String failure() {
    for (DataDirLog dir : dirs) {
      if (dir.syncFailure() != null) {
        return dir.syncFailure().getMessage();
      }
    }
    return committers.stream().map(GroupCommitter::failure).filter(f -> f != null).findFirst()
        .orElse(null);
  }

  /** Takes served from the tail cache, from an earlier window, and file reads, all directories. */
  long[] readStats() {
    long[] sum = new long[3];
    for (DataDirLog dir : dirs) {
      long[] s = dir.readStats();
      for (int i = 0; i < 3; i++) {
        sum[i] += s[i];
      }
    }
    return sum;
  }

  /** Syncs (force calls) done since start, across directories. */
  long syncs() {
    return syncs.sum();
  }

  /** Per directory, {segment, offset} of the next append. Call with commits paused. */
  long[][] positions() {
    long[][] out = new long[dirs.size()][];
    for (int i = 0; i < dirs.size(); i++) {
      out[i] = dirs.get(i).appendPosition();
    }
    return out;
  }

  /** Per directory, the bytes appended so far: tickets for {@link #awaitSynced}. */
  long[] written() {
    long[] out = new long[dirs.size()];
    for (int i = 0; i < dirs.size(); i++) {
      out[i] = dirs.get(i).written();
    }
    return out;
  }

  /** Blocks until every directory is durable up to its ticket; throws if one cannot sync. */
  void awaitSynced(long[] tickets) {
    for (int i = 0; i < tickets.length; i++) {
      committers.get(i).awaitSynced(tickets[i]);
    }
  }

  /** Bytes written but not yet synced, all directories (take-only commits do not wait). */
  long unsynced() {
    long sum = 0;
    for (GroupCommitter c : committers) {
      sum += c.unsynced();
    }
    return sum;
  }

  /**
   * Per directory, the segments wholly before {@code positions} that no stored event points into.
   * Call with commits paused, and delete them only once the log is synced up to that moment: a
   * take that freed a segment may not have been synced yet (take-only commits do not wait).
   */
  List<int[]> unused(long[][] positions, EventQueue queue) {
    List<int[]> out = new ArrayList<>();
    for (DataDirLog dir : dirs) {
      int before = (int) positions[dir.index()][0];
      for (int id : dir.segments().keySet()) {
        if (id < before && queue.liveIn(dir.index(), id) == 0) {
          out.add(new int[] {dir.index(), id});
        }
      }
    }
    return out;
  }

  /** True when some directory holds a segment a checkpoint would free now (see {@link #unused}). */
  boolean hasUnused(EventQueue queue) {
    for (DataDirLog dir : dirs) {
      if (dir.hasUnused(queue)) {
        return true;
      }
    }
    return false;
  }

  /** Segments started since open, all directories: {made as new files, made from retired ones}. */
  long[] segmentStats() {
    long[] sum = new long[2];
    for (DataDirLog dir : dirs) {
      long[] s = dir.segmentStats();
      sum[0] += s[0];
      sum[1] += s[1];
    }
    return sum;
  }

  /** Deletes the retired segment files kept for reuse, every directory; returns how many. */
  int releaseRetired() {
    int n = 0;
    for (DataDirLog dir : dirs) {
      n += dir.releaseRetired();
    }
    return n;
  }

  /** Deletes (or retires for reuse) segments found by {@link #unused}, as {directory, segment} pairs. */
  int delete(List<int[]> segments) throws IOException {
    for (int[] s : segments) {
      dirs.get(s[0]).delete(s[1]);
    }
    return segments.size();
  }

  /** Stops the syncers (each syncs what was written first) and closes the files. */
  @Override
  public void close() throws IOException {
    for (GroupCommitter c : committers) {
      c.stop();
    }
    IOException first = null;
    for (DataDirLog dir : dirs) {
      try {
        dir.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
