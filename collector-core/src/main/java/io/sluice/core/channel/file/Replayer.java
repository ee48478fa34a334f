package io.sluice.core.channel.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the queue at startup: the checkpoint's pointers, plus the puts of every transaction
 * committed in the log after the checkpoint's positions, merged across data directories in commit
 * order, minus every event whose take was committed there. Only transactions closed by their
 * COMMIT record count. A torn tail (a bad or cut-off record in the newest segment past the offset
 * it records as synced) is logged with file and offset and cut off; damage anywhere else stops the
 * start with an error naming file and offset, unless {@code skipCorrupt} lets replay resume at the
 * next good record (dropping the damaged transaction).
 *
 * <p>Memory: 16 bytes per event put since the checkpoint plus 8 per take. Not thread-safe; used
 * once.
 */
final class Replayer {
  private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

  /** What replay found. */
  record Result(long[] pointers, long maxSequence, long replayedCommits, long droppedPointers) {}

  private final List<DataDirLog> dirs;
  private final boolean skipCorrupt;
  private final String owner;
  private final LongHashSet taken = new LongHashSet();
  private long maxSequence;
  private long commits;

  Replayer(List<DataDirLog> dirs, boolean skipCorrupt, String owner) {
    this.dirs = dirs;
    this.skipCorrupt = skipCorrupt;
    this.owner = owner;
  }

  Result replay(Checkpoint checkpoint) throws IOException {
    boolean usable = checkpoint != null && checkpoint.positions().length == dirs.size();
    if (checkpoint != null && !usable) {
      LOG.warn("{}: checkpoint covers {} data directories but {} are configured; replaying all logs",
          owner, checkpoint.positions().length, dirs.size());
    }
    maxSequence = usable ? checkpoint.sequence() : 0;
    List<LongDeque> putsByDir = new ArrayList<>();
    for (DataDirLog dir : dirs) {
      long[] from = usable ? checkpoint.positions()[dir.index()] : new long[] {0, 0};
      putsByDir.add(replayDir(dir, (int) from[0], from[1]));
    }
    LongDeque out = new LongDeque(1024);
    long dropped = 0;
    if (usable) {
      for (long p : checkpoint.pointers()) {
        if (taken.contains(p)) {
          continue;
        }
        if (!exists(p)) {
          dropped++;
          continue;
        }
        out.addLast(p);
      }
    }
    merge(putsByDir, out);
    if (dropped > 0) {
      LOG.warn("{}: {} events of the checkpoint point into deleted segments and were dropped "
          + "(the checkpoint is older than the log)", owner, dropped);
    }
    long[] pointers = new long[out.size()];
    out.copyTo(pointers, 0);
    return new Result(pointers, maxSequence, commits, dropped);
  }

  private boolean exists(long pointer) {
    int dir = Pointer.dir(pointer);
    return dir < dirs.size() && dirs.get(dir).segments().containsKey(Pointer.segment(pointer));
  }

  /** Appends every put not taken, in commit order across directories. */
  private void merge(List<LongDeque> putsByDir, LongDeque out) {
    int[] next = new int[putsByDir.size()];
    while (true) {
      int best = -1;
      long bestSeq = Long.MAX_VALUE;
      for (int d = 0; d < putsByDir.size(); d++) {
        LongDeque puts = putsByDir.get(d);
        if (next[d] < puts.size() && puts.get(next[d]) < bestSeq) {
          bestSeq = puts.get(next[d]);
          best = d;
        }
      }
      if (best < 0) {
        return;
      }
      long pointer = putsByDir.get(best).get(next[best] + 1);
      next[best] += 2;
      if (!taken.contains(pointer)) {
        out.addLast(pointer);
      }
    }
  }

  /** Replays one directory from (segment, offset); returns (sequence, pointer) pairs of its puts. */
  private LongDeque replayDir(DataDirLog dir, int fromSegment, long fromOffset) throws IOException {
    LongDeque committedPuts = new LongDeque(1024);
    List<LogSegment> segments = new ArrayList<>();
    for (Map.Entry<Integer, LogSegment> e : dir.segments().entrySet()) {
      if (e.getKey() >= fromSegment) {
        segments.add(e.getValue());
      }
    }
    for (int i = 0; i < segments.size(); i++) {
      LogSegment segment = segments.get(i);
      long start = segment.id() == fromSegment ? Math.max(fromOffset, segment.dataStart())
          : segment.dataStart();
      replaySegment(dir, segment, start, i == segments.size() - 1, committedPuts);
    }
    return committedPuts;
  }

  private void replaySegment(DataDirLog dir, LogSegment segment, long start, boolean newest,
      LongDeque committedPuts) throws IOException {
    SegmentScanner scanner = new SegmentScanner(segment, start);
    LongDeque puts = new LongDeque(64);
    LongDeque takes = new LongDeque(64);
    long txStart = start;
    while (true) {
      SegmentScanner.Step step;
      try {
        step = scanner.next();
      } catch (LogCorruptionException e) {
        if (newest && endOfRecycled(segment, e)) {
          // A clean stop recorded the exact end; cut the old life's records off so that, once
          // this segment is no longer the newest, nothing depends on that record being durable.
          LOG.info("{}: {} (a reused segment file) ends at offset {}; cutting the earlier "
              + "records of the file after it", owner, segment.path(), e.offset());
          segment.truncate(txStart);
          return;
        }
        if (newest && isTail(segment, scanner, e)) {
          LOG.warn("{}: torn tail in {} at offset {} ({}); cutting the log at offset {}, dropping "
              + "the uncommitted transaction there", owner, segment.path(), e.offset(),
              e.getMessage(), txStart);
          segment.truncate(txStart);
          return;
        }
        if (!newest && endOfRecycled(segment, e)) {
          // A rolled reused segment: its records end where its header says (written and forced
          // at the roll, before the next segment existed); the old life's bytes follow.
          if (puts.size() + takes.size() > 0) {
            throw new IOException(owner + ": " + segment.path() + " ends at offset "
                + e.offset() + " inside a transaction begun at offset " + txStart
                + "; the log is damaged. Restore the directory", e);
          }
          return;
        }
        if (!skipCorrupt) {
          throw new IOException(owner + ": " + e.getMessage() + "; the log is damaged before its "
              + "end. Restore the directory, or set skipCorruptRecords = true to skip damaged "
              + "records (their transactions are lost)", e);
        }
        LOG.error("{}: {}; skipping to the next good record (skipCorruptRecords = true)", owner,
            e.getMessage());
        puts = new LongDeque(64);
        takes = new LongDeque(64);
        if (!scanner.resync()) {
          return;
        }
        continue;
      }
      if (step == SegmentScanner.Step.END) {
        if (puts.size() + takes.size() > 0) {
          LOG.warn("{}: {} ends with a transaction that was never committed (offset {}); cutting it",
              owner, segment.path(), txStart);
          segment.truncate(txStart);
        }
        return;
      }
      ByteBuffer payload = scanner.payload();
      switch (scanner.type()) {
        case LogRecord.PUT -> puts.addLast(Pointer.of(dir.index(), segment.id(),
            scanner.recordOffset()));
        case LogRecord.TAKE -> takes.addLast(payload.getLong());
        case LogRecord.COMMIT -> {
          long seq = payload.getLong();
          int putCount = payload.getInt();
          int takeCount = payload.getInt();
          if (putCount == puts.size() && takeCount == takes.size()) {
            for (int i = 0; i < puts.size(); i++) {
              committedPuts.addLast(seq);
              committedPuts.addLast(puts.get(i));
            }
            for (int i = 0; i < takes.size(); i++) {
              taken.add(takes.get(i));
            }
            maxSequence = Math.max(maxSequence, seq);
            commits++;
          } else {
            LOG.error("{}: transaction {} in {} at offset {} lost records ({} of {} puts, {} of {} "
                + "takes survive); dropping it", owner, seq, segment.path(), scanner.recordOffset(),
                puts.size(), putCount, takes.size(), takeCount);
          }
          puts = new LongDeque(64);
          takes = new LongDeque(64);
          txStart = scanner.nextOffset();
        }
        default -> throw segment.corrupt(scanner.recordOffset(), "unknown record type "
            + scanner.type());
      }
    }
  }

  /**
   * Whether a bad record is where a {@linkplain LogSegment#recycled() reused} segment's own
   * records end: at the offset its header records, past which the file holds its earlier life.
   * A rolled reused segment records its exact end (see DataDirLog#startNewSegment), and so does
   * the newest after a clean stop.
   */
  private static boolean endOfRecycled(LogSegment segment, LogCorruptionException e) {
    return segment.recycled() && e.offset() == segment.syncedTo();
  }

  /**
   * Whether a bad record in the newest segment is the unsynced tail of a crash or power loss:
   * it lies past the offset the segment records as synced. Unsynced pages can reach the disk out
   * of order, so good records may follow a hole there; they were never acknowledged. Before that
   * offset it is damage to acknowledged data. A version 1 segment does not record the offset: a
   * bad record is a tail there if no good record follows it within 64 KiB.
   */
  private static boolean isTail(LogSegment segment, SegmentScanner scanner,
      LogCorruptionException e) throws IOException {
    if (segment.syncedTo() != LogSegment.SYNCED_UNKNOWN) {
      return e.offset() >= segment.syncedTo();
    }
    long at = e.offset();
    for (long probe = at + 1; probe < at + (1 << 16); probe++) {
      if (scanner.validAt(probe)) {
        return false;
      }
    }
    return true;
  }
}
