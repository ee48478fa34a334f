package io.sluice.edge.taildir;

import io.sluice.edge.taildir.FileScanner.Match;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files the source follows, kept in step with what the scans see: a known file at a new name
 * is a rename and keeps its position; a file that left the watched names is read to its end before
 * it is dropped; a new file whose first bytes equal a followed file's is held as a possible
 * copytruncate copy; a truncated file is restarted and its copy, if found, finished from the old
 * position. Positions come from this table, never from one scan, so a scan that briefly finds
 * nothing cannot empty the position file. Owned by the source's thread.
 */
final class FileTable {
  private static final Logger LOG = LoggerFactory.getLogger(FileTable.class);
  /** How long a suspected copy waits for its original to be truncated before it is read as a file. */
  static final long COPY_WAIT_NANOS = 10_000_000_000L;
  /** How long a new file too short to tell from a copy must stop growing before it is told as it is. */
  static final long SHORT_FILE_QUIET_NANOS = 250_000_000L;
  /** The longest a new file that keeps growing but stays too short to tell from a copy waits. */
  static final long SHORT_FILE_WAIT_NANOS = 2_000_000_000L;

  private final String source;
  private final TaildirSourceConfig config;
  private final TaildirCounters counters;
  private final Map<FileKey, TailedFile> files = new LinkedHashMap<>();
  /**
   * Saved positions of files not found at start (a directory not mounted yet, say): kept in the
   * position file and resumed when the file shows up, until {@code retiredRetention} passes.
   */
  private final List<PositionFile.Entry> dormant = new ArrayList<>();
  private long dormantSinceNanos;
  private int open;
  /** The followed files' heads, for the new files of the scan being reconciled; null between scans. */
  private HeadIndex heads;
  /** Undecided files with bytes at the last scan: scans come often until they are told. */
  private int deciding;

  FileTable(String source, TaildirSourceConfig config, TaildirCounters counters) {
    this.source = source;
    this.config = config;
    this.counters = counters;
  }

  Collection<TailedFile> all() {
    return files.values();
  }

  /** True while the table still follows this very file (not one that reused its identity). */
  boolean follows(TailedFile f) {
    return files.get(f.key) == f;
  }

  int openFiles() {
    return open;
  }

  int size() {
    return files.size();
  }

  /** True while a new file with bytes waits to be told from a copy (see {@link #decide}). */
  boolean deciding() {
    return deciding > 0;
  }

  /** Resumes from saved positions at start-up, checking each file's identity and content. */
  void resume(Map<FileKey, Match> seen, List<PositionFile.Entry> saved, long now) {
    Map<FileKey, PositionFile.Entry> byKey = new HashMap<>();
    Map<String, PositionFile.Entry> byInodeAndFile = new HashMap<>();
    Map<Long, PositionFile.Entry> byInode = new HashMap<>();
    for (PositionFile.Entry e : saved) {
      if (e.fromSidecar()) {
        byKey.put(new FileKey(e.dev(), e.inode()), e);
      }
      byInodeAndFile.put(e.inode() + "\u0000" + e.file(), e);
      byInode.put(e.inode(), e);
    }
    Set<PositionFile.Entry> used = new HashSet<>();
    Map<TailedFile, PositionFile.Entry> rewritten = new LinkedHashMap<>();
    Set<FileKey> resumed = new HashSet<>();
    Map<FileKey, PositionFile.Entry> resumedEntries = new HashMap<>();
    List<TailedFile> fresh = new ArrayList<>();
    for (Match m : seen.values()) {
      FileStat st = m.stat();
      PositionFile.Entry e = byKey.get(st.key());
      if (e == null) {
        e = byInodeAndFile.get(st.key().ino() + "\u0000" + st.path());
      }
      if (e == null) {
        // Flume's file has no device: a file renamed while stopped is found by inode, if the
        // saved name no longer holds that inode.
        PositionFile.Entry byIno = byInode.get(st.key().ino());
        if (byIno != null && !byIno.fromSidecar() && !sameInodeAt(byIno)) {
          e = byIno;
        }
      }
      if (e != null && used.contains(e)) {
        e = null;
      }
      TailedFile f = new TailedFile(st.key(), st.path(), m.group(), 0, config, now);
      f.lastSize = st.size();
      f.mtimeMillis = st.mtimeMillis();
      if (e != null) {
        used.add(e);
        if (resumeAt(f, e, st)) {
          resumed.add(f.key);
          resumedEntries.put(f.key, e);
        } else {
          rewritten.put(f, e);
        }
      } else if (config.skipToEnd()) {
        f.restartAt(st.size());
      } else {
        fresh.add(f);
      }
      files.put(st.key(), f);
    }
    if (config.copytruncate()) {
      rewritten.forEach((f, e) -> finishCopyAtStart(f, e, resumed, now));
      // Copies made while the agent was stopped, of files it has not seen truncated (yet).
      heads = null;
      for (TailedFile f : fresh) {
        if (f.pos == 0 && !f.retired()) {
          holdCopyAtStart(f, resumedEntries, now);
        }
      }
      heads = null;
    }
    for (PositionFile.Entry e : saved) {
      if (!used.contains(e) && !(e.fromSidecar() && findRotatedWhileStopped(e, now))) {
        dormant.add(e);
      }
    }
    dormantSinceNanos = now;
  }

  /**
   * A file without a saved position that starts like a resumed one whose content is intact: the
   * rotator copied that file while the agent was stopped and will truncate it (or already would
   * have: then it is rewritten, see {@link #finishCopyAtStart}). It is held as a running agent holds
   * a copy, not read from 0, when it is byte for byte a prefix of its original at sampled blocks
   * (see {@link PrefixCheck}); a file that only starts the same is a new file and read from 0. A
   * file too short to compare is undecided, as at run time.
   */
  private void holdCopyAtStart(TailedFile f, Map<FileKey, PositionFile.Entry> resumedEntries, long now) {
    FileStat st = new FileStat(f.path, f.key, f.lastSize, f.mtimeMillis);
    if (st.size() == 0) {
      return;
    }
    TailedFile original = heads().originalOf(st);
    PositionFile.Entry saved = original == null ? null : resumedEntries.get(original.key);
    if (saved != null) {
      if (PrefixCheck.holdsPrefix(f.path, original.path, st.size(), saved.pos())) {
        f.copyOf = original;
        f.heldSinceNanos = now;
        LOG.info("Source {}: {} is a copy of {} made while the agent was stopped (copytruncate); holding it until"
            + " that file is truncated", source, f.path, original.path);
      } else {
        LOG.info("Source {}: {} starts like {} but holds other bytes: a new file, read from the start", source,
            f.path, original.path);
      }
    } else if (original == null && st.size() < heads().longestHead(st.path().getParent())) {
      f.undecidedSinceNanos = now;
      deciding++;
    }
  }

  /** The dormant saved position of a file that just showed up, if it has one. */
  private PositionFile.Entry wakeDormant(FileStat st) {
    for (java.util.Iterator<PositionFile.Entry> it = dormant.iterator(); it.hasNext(); ) {
      PositionFile.Entry e = it.next();
      boolean same = e.inode() == st.key().ino()
          && (e.fromSidecar() ? e.dev() == st.key().dev() : e.file().equals(st.path().toString()));
      if (same) {
        it.remove();
        return e;
      }
    }
    return null;
  }

  private static boolean sameInodeAt(PositionFile.Entry e) {
    FileStat st = FileStat.ofOrNull(Path.of(e.file()));
    return st != null && st.key().ino() == e.inode();
  }

  /**
   * Resumes a file at its saved position if it still holds what was read of it; false (and from
   * the start) when its content is not the one saved: truncated, or its inode reused.
   */
  private boolean resumeAt(TailedFile f, PositionFile.Entry e, FileStat st) {
    long pos = checkedPosition(e, st);
    f.restartAt(pos);
    if (pos != e.pos()) {
      return false;
    }
    f.head = e.head() != null ? e.head() : Fingerprint.NONE;
    f.marker = e.marker() != null ? e.marker() : Fingerprint.NONE;
    f.savedMarker = f.marker;
    return true;
  }

  /**
   * A file copytruncated (or replaced) while the agent was stopped: the copy that starts with the
   * saved first bytes and reaches the saved position is read from there, once; a copy the pattern
   * matches is that followed file, one it does not is read to its end and let go.
   */
  private void finishCopyAtStart(TailedFile rewritten, PositionFile.Entry e, Set<FileKey> resumed, long now) {
    if (e.pos() == 0 || e.head() == null || e.head().length() == 0) {
      return;
    }
    for (FileStat st : FileScanner.allFiles(rewritten.path.getParent())) {
      if (st.key().equals(rewritten.key) || resumed.contains(st.key()) || st.size() < e.pos()) {
        continue;
      }
      try (FileChannel ch = FileChannel.open(st.path(), StandardOpenOption.READ)) {
        if (!e.head().matches(ch)) {
          continue;
        }
      } catch (IOException ex) {
        continue;
      }
      TailedFile copy = files.get(st.key());
      if (copy == null) {
        copy = new TailedFile(st.key(), st.path(), rewritten.group, 0, config, now);
        copy.lastSize = st.size();
        copy.retiredAtNanos = now;
        files.put(st.key(), copy);
      }
      copy.restartAt(e.pos());
      copy.head = e.head();
      copy.marker = e.marker() != null ? e.marker() : Fingerprint.NONE;
      copy.savedMarker = copy.marker;
      counters.copiesFollowed.increment();
      LOG.info("Source {}: {} was rewritten while the agent was stopped and {} starts with what it held"
          + " (copytruncate); reading that copy from the saved position {}", source, rewritten.path, st.path(),
          e.pos());
      return;
    }
  }

  /** The saved position if the file still holds what it held; 0 when it was replaced or truncated. */
  private long checkedPosition(PositionFile.Entry e, FileStat st) {
    try (FileChannel ch = FileChannel.open(st.path(), StandardOpenOption.READ)) {
      if (e.head() != null && e.head().length() > 0 && !e.head().matches(ch)) {
        LOG.info("Source {}: {} has the inode of a file read before but other content (inode reused); reading it"
            + " from the start", source, st.path());
        return 0;
      }
      if (e.pos() > st.size() || (e.marker() != null && !e.marker().matches(ch))) {
        counters.truncations.increment();
        LOG.warn("Source {}: {} was truncated while the agent was stopped (saved position {}, size now {});"
            + " reading it from the start", source, st.path(), e.pos(), st.size());
        return 0;
      }
      return e.pos();
    } catch (IOException ex) {
      return e.pos() <= st.size() ? e.pos() : 0;
    }
  }

  /** A saved file no longer matched: if it is still in its group's directory under another name, finish it. */
  private boolean findRotatedWhileStopped(PositionFile.Entry e, long now) {
    FileKey key = new FileKey(e.dev(), e.inode());
    if (files.containsKey(key)) {
      return true;
    }
    Set<Path> dirs = new HashSet<>();
    config.groups().forEach(g -> dirs.add(g.directory()));
    Path savedDir = Path.of(e.file()).getParent();
    if (savedDir != null) {
      dirs.add(savedDir);
    }
    for (Path dir : dirs) {
      for (FileStat st : FileScanner.allFiles(dir)) {
        if (!st.key().equals(key) || st.size() <= e.pos()) {
          continue;
        }
        try (FileChannel ch = FileChannel.open(st.path(), StandardOpenOption.READ)) {
          if (e.head() != null && !e.head().matches(ch)) {
            continue;
          }
        } catch (IOException ex) {
          continue;
        }
        FileGroup group = groupOf(Path.of(e.file()), st.path());
        TailedFile f = new TailedFile(key, st.path(), group, e.pos(), config, now);
        f.head = e.head() != null ? e.head() : Fingerprint.NONE;
        f.lastSize = st.size();
        f.retiredAtNanos = now;
        files.put(key, f);
        LOG.info("Source {}: {} was renamed to {} while the agent was stopped; reading its last {} bytes",
            source, e.file(), st.path(), st.size() - e.pos());
        return true;
      }
    }
    return false;
  }

  /**
   * The group a file was followed in: the one that matches its saved name, else the one whose
   * directory it is in now (its headers go on its last lines too).
   */
  private FileGroup groupOf(Path savedName, Path now) {
    for (FileGroup g : config.groups()) {
      if (g.matches(savedName)) {
        return g;
      }
    }
    for (FileGroup g : config.groups()) {
      if (g.directory().equals(now.getParent())) {
        return g;
      }
    }
    return config.groups().get(0);
  }

  /** Brings the table in line with one scan. */
  void reconcile(Map<FileKey, Match> seen, long now) {
    heads = null;
    deciding = 0;
    for (Iterator<TailedFile> it = files.values().iterator(); it.hasNext(); ) {
      TailedFile f = it.next();
      Match m = seen.get(f.key);
      if (m != null) {
        update(f, m, now);
        if (f.undecided()) {
          decide(f, m.stat(), now);
        }
      } else if (f.held() || (f.undecided() && !settleLeaving(f))) {
        it.remove();
        closeFile(f);
      } else if (!f.retired()) {
        f.retiredAtNanos = now;
        if (!f.isOpen() && !reopenForRetirement(f)) {
          giveUp(f, "it was deleted or renamed away while closed");
          it.remove();
        } else {
          LOG.info("Source {}: {} left the watched names (renamed away or deleted); reading it to its end",
              source, f);
        }
      }
    }
    for (Match m : seen.values()) {
      if (!files.containsKey(m.stat().key())) {
        add(m, now);
      }
    }
    heads = null;
  }

  /**
   * Tells an undecided new file once it is long enough to hold every followed head of its directory,
   * has stopped growing for a moment (a finished copy under 1 KiB), or has waited its bound: a copy
   * is then held as any copy is, anything else is read from 0. An empty file has nothing to read and
   * nothing to tell: its wait starts with its first bytes.
   */
  private void decide(TailedFile f, FileStat st, long now) {
    if (st.size() == 0) {
      f.undecidedSinceNanos = now;
      return;
    }
    boolean due = st.size() >= heads().longestHead(st.path().getParent())
        || now - f.lastChangeNanos >= SHORT_FILE_QUIET_NANOS
        || now - f.undecidedSinceNanos >= SHORT_FILE_WAIT_NANOS;
    if (!due) {
      deciding++;
      return;
    }
    f.undecidedSinceNanos = -1;
    f.copyOf = originalOf(st);
    f.heldSinceNanos = now;
  }

  /**
   * An undecided file left the watched names before it was told: true when it is a file of its own
   * with bytes (then read to its end like any retired file); false, to drop it, when it is empty or
   * a copy (whose bytes its original still holds).
   */
  private boolean settleLeaving(TailedFile f) {
    f.undecidedSinceNanos = -1;
    FileStat st = locate(f.key, f.path.getParent());
    if (st == null || st.size() == 0) {
      return false;
    }
    f.lastSize = Math.max(f.lastSize, st.size());
    return originalOf(st) == null;
  }

  private void update(TailedFile f, Match m, long now) {
    FileStat st = m.stat();
    if (!f.path.equals(st.path())) {
      if (!f.held()) {
        counters.renames.increment();
        LOG.info("Source {}: {} was renamed to {}; continuing at byte {}", source, f.path, st.path(), f.pos);
      }
      f.path = st.path();
      f.group = m.group();
    }
    if (f.retired()) {
      f.retiredAtNanos = -1;
    }
    f.mtimeMillis = st.mtimeMillis();
    // A smaller size is a truncation, which reading detects; keeping the larger one lets it count
    // the bytes the truncation took.
    if (st.size() > f.lastSize) {
      f.lastSize = st.size();
      f.lastChangeNanos = now;
    }
  }

  /**
   * A closed file left the watched names: find it by identity where it went (a rename in its
   * directory), with its size now, since it may have grown after it was closed.
   */
  private boolean reopenForRetirement(TailedFile f) {
    FileStat now = locate(f.key, f.path.getParent());
    if (now == null) {
      return false;
    }
    f.path = now.path();
    f.lastSize = Math.max(f.lastSize, now.size());
    f.mtimeMillis = now.mtimeMillis();
    if (f.unread() == 0 && f.inFlightBatches() == 0) {
      return false;
    }
    try {
      return ensureOpen(f);
    } catch (IOException e) {
      return false;
    }
  }

  /** Where a file of this identity is now, among its directory and the groups' directories. */
  private FileStat locate(FileKey key, Path dir) {
    Set<Path> dirs = new java.util.LinkedHashSet<>();
    if (dir != null) {
      dirs.add(dir);
    }
    config.groups().forEach(g -> dirs.add(g.directory()));
    for (Path d : dirs) {
      for (FileStat st : FileScanner.allFiles(d)) {
        if (st.key().equals(key)) {
          return st;
        }
      }
    }
    return null;
  }

  private void add(Match m, long now) {
    FileStat st = m.stat();
    TailedFile f = new TailedFile(st.key(), st.path(), m.group(), 0, config, now);
    f.lastSize = st.size();
    f.mtimeMillis = st.mtimeMillis();
    PositionFile.Entry saved = dormant.isEmpty() ? null : wakeDormant(st);
    if (saved != null) {
      resumeAt(f, saved, st);
      files.put(st.key(), f);
      if (heads != null) {
        heads.add(f);
      }
      LOG.info("Source {}: {} showed up; resuming it at its saved position {}", source, st.path(), f.pos);
      return;
    }
    if (config.copytruncate()) {
      f.copyOf = originalOf(st);
      f.heldSinceNanos = now;
      if (f.copyOf == null && st.size() < heads().longestHead(st.path().getParent())) {
        // Too short to compare with a followed file's head: cp creates its copy empty, then fills
        // it. Read from 0 now, a copy would repeat every line its original already gave.
        f.undecidedSinceNanos = now;
        deciding += st.size() > 0 ? 1 : 0;
      }
    }
    files.put(st.key(), f);
  }

  /** The followed file in the same directory whose first bytes this new file repeats, if any. */
  private TailedFile originalOf(FileStat st) {
    return heads().originalOf(st);
  }

  private HeadIndex heads() {
    if (heads == null) {
      // Built once per scan (heads change only when files are read, never during a scan).
      heads = new HeadIndex();
      files.values().forEach(heads::add);
    }
    return heads;
  }

  /**
   * Handles a truncated file: restarts it at 0 and, with copytruncate, finishes its copy (found by
   * its first bytes) from the old position; bytes that were on disk and are now nowhere are counted.
   */
  void truncated(TailedFile f, long newSize, long now) {
    counters.truncations.increment();
    long oldPos = f.pos;
    // Even with nothing committed yet (position 0) the bytes seen before the truncation may be in a
    // copy; its first bytes, once read, tell it.
    TailedFile copy = config.copytruncate() && f.head.length() > 0 ? findCopy(f, now) : null;
    if (copy != null) {
      counters.copiesFollowed.increment();
      LOG.info("Source {}: {} was truncated (copytruncate); reading its copy {} from byte {}", source, f.path,
          copy.path, oldPos);
    } else {
      long gap = Math.max(0, f.lastSize - oldPos);
      counters.bytesLostToTruncation.add(gap);
      if (gap > 0) {
        LOG.warn("Source {}: {} was truncated before its last {} bytes were read, and no copy with the same"
            + " first bytes was found: those bytes are lost (counted in BytesLostToTruncationCount)", source, f, gap);
      } else {
        LOG.info("Source {}: {} was truncated; reading it from the start", source, f);
      }
    }
    releaseCopiesReadThrough(f, oldPos, now);
    f.restartAt(0);
    f.head = Fingerprint.NONE;
    f.lastSize = newSize;
    f.lastChangeNanos = now;
  }

  /**
   * Copies still held for a file just truncated were not adopted because it was read past their
   * end (its writer appended between the copy and the truncation): every byte they hold came from
   * it already, so they are followed from their end, never read from 0.
   */
  private void releaseCopiesReadThrough(TailedFile original, long readTo, long now) {
    for (TailedFile h : files.values()) {
      if (h.copyOf != original) {
        continue;
      }
      FileStat st = FileStat.ofOrNull(h.path);
      long size = st != null && st.key().equals(h.key) ? Math.max(h.lastSize, st.size()) : h.lastSize;
      if (size <= readTo) {
        followFromEnd(h, size, original.head, now);
        LOG.info("Source {}: {} is a copy of {} that was read past the copy's end before the truncation;"
            + " following the copy from its end ({} bytes)", source, h.path, original.path, size);
      }
    }
  }

  private static void followFromEnd(TailedFile copy, long size, Fingerprint head, long now) {
    copy.copyOf = null;
    copy.restartAt(size);
    copy.lastSize = size;
    copy.head = head.length() > 0 && head.length() <= size ? head : Fingerprint.NONE;
    copy.lastChangeNanos = now;
  }

  /**
   * A copy held for {@link #COPY_WAIT_NANOS} whose original was not truncated: still byte for byte
   * a prefix of the original (a {@code copy} rotation, or a truncation still to come), it is a copy
   * whose bytes the original gives: followed from its end once the original was read past it, held
   * on while it was not. Anything else is a file of its own and read from 0. An original no longer
   * followed (read to its end and let go) gave the copy's bytes up to its position: the copy is read
   * from there.
   */
  private void settleHeld(TailedFile f, long now) {
    TailedFile original = f.copyOf;
    FileStat st = FileStat.ofOrNull(f.path);
    long size = st != null && st.key().equals(f.key) ? Math.max(f.lastSize, st.size()) : f.lastSize;
    if (!follows(original)) {
      long from = Math.min(original.pos, size);
      f.copyOf = null;
      f.restartAt(from);
      f.head = original.head.length() <= from ? original.head : Fingerprint.NONE;
      LOG.info("Source {}: {} is a copy of {}, which is no longer followed; reading the copy from byte {}", source,
          f.path, original.path, from);
      return;
    }
    if (original.head.length() > 0 && PrefixCheck.holdsPrefix(f.path, original.path, size, original.pos)) {
      if (original.pos >= size) {
        followFromEnd(f, size, original.head, now);
        LOG.info("Source {}: {} is a copy of {}, which was not truncated but was read past the copy's end;"
            + " following the copy from its end", source, f.path, original.path);
      } else {
        f.heldSinceNanos = now;
      }
      return;
    }
    LOG.info("Source {}: {} starts like {} but that file was not truncated; reading it as a file of its own",
        source, f.path, original.path);
    f.copyOf = null;
  }

  private TailedFile findCopy(TailedFile f, long now) {
    for (TailedFile h : files.values()) {
      boolean undecidedHere = h.undecided() && h.path.getParent().equals(f.path.getParent());
      if (h.copyOf != f && !undecidedHere) {
        continue;
      }
      // Its size from the last scan may predate the end of the copy (seen while cp still wrote it).
      FileStat st = FileStat.ofOrNull(h.path);
      if (st != null && st.key().equals(h.key) && st.size() > h.lastSize) {
        h.lastSize = st.size();
      }
      if (h.lastSize >= f.pos && (h.copyOf == f || startsWith(h.path, f.head))) {
        return pinned(adoptCopy(h, f));
      }
    }
    Path dir = f.path.getParent();
    for (FileStat st : FileScanner.allFiles(dir)) {
      if (files.containsKey(st.key()) || st.size() < f.pos || st.size() < f.head.length()) {
        continue;
      }
      if (!startsWith(st.path(), f.head)) {
        continue;
      }
      TailedFile copy = new TailedFile(st.key(), st.path(), f.group, 0, config, now);
      copy.lastSize = st.size();
      boolean matched = config.groups().stream().anyMatch(g -> g.matches(st.path()));
      if (!matched) {
        // Not a watched name: read it to its end, then let it go.
        copy.retiredAtNanos = now;
      }
      files.put(st.key(), copy);
      return pinned(adoptCopy(copy, f));
    }
    return null;
  }

  /**
   * Opens an adopted copy at once: logrotate may rotate it on, or delete it, before its turn comes,
   * and its descriptor keeps its bytes and its inode (which a new file could otherwise reuse).
   */
  private TailedFile pinned(TailedFile copy) {
    try {
      ensureOpen(copy);
    } catch (IOException e) {
      // Opened by its path when its turn comes.
    }
    return copy;
  }

  /** Whether the file at {@code path} starts with these first bytes (false when it cannot be read). */
  private static boolean startsWith(Path path, Fingerprint head) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return head.matches(ch);
    } catch (IOException e) {
      return false;
    }
  }

  private static TailedFile adoptCopy(TailedFile copy, TailedFile original) {
    copy.copyOf = null;
    copy.undecidedSinceNanos = -1;
    copy.restartAt(original.pos);
    copy.head = original.head;
    copy.marker = original.marker;
    copy.takeInFlightFrom(original);
    return copy;
  }

  /** Releases held copies whose original was never truncated, and retired files that are done. */
  void expire(long now) {
    if (!dormant.isEmpty() && now - dormantSinceNanos > config.retiredRetentionMillis() * 1_000_000L) {
      LOG.info("Source {}: dropping {} saved position(s) of files not seen for retiredRetention", source,
          dormant.size());
      dormant.clear();
    }
    for (Iterator<TailedFile> it = files.values().iterator(); it.hasNext(); ) {
      TailedFile f = it.next();
      if (f.held() && now - f.heldSinceNanos > COPY_WAIT_NANOS) {
        settleHeld(f, now);
      }
      if (!f.retired()) {
        continue;
      }
      boolean done = f.unread() == 0 && f.splitter.pendingBytes() == 0 && f.inFlightBatches() == 0
          && now - f.lastChangeNanos > config.retiredQuietMillis() * 1_000_000L;
      if (done) {
        closeFile(f);
        it.remove();
      } else if (now - f.retiredAtNanos > config.retiredRetentionMillis() * 1_000_000L) {
        giveUp(f, "its retention (retiredRetention) ran out");
        closeFile(f);
        it.remove();
      }
    }
  }

  private void giveUp(TailedFile f, String why) {
    long lost = f.unread();
    counters.bytesAbandoned.add(lost);
    if (lost > 0) {
      LOG.warn("Source {}: gave up the last {} unread bytes of {} because {} (counted in BytesAbandonedCount)",
          source, lost, f, why);
    }
  }

  /**
   * Opens a file for reading, first closing the least recently used idle one if the source holds
   * {@code maxOpenFiles}; false when the file cannot be opened now.
   */
  boolean ensureOpen(TailedFile f) throws IOException {
    if (f.isOpen()) {
      return true;
    }
    if (open >= config.maxOpenFiles() && !closeLeastRecentlyUsedIdle()) {
      counters.openFileLimitWaits.increment();
      return false;
    }
    boolean ok = openByPath(f);
    if (!ok && f.retired() && relocate(f)) {
      ok = openByPath(f);
      if (ok && !f.head.matches(f.channel)) {
        // Its inode was freed and reused: the file itself is gone.
        f.close();
        ok = false;
      }
    }
    if (ok) {
      open++;
    }
    return ok;
  }

  private static boolean openByPath(TailedFile f) throws IOException {
    try {
      return f.open();
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  /**
   * A retired file no longer at its path (rotated on before it was opened): its path now, found by
   * identity in its directory and the groups' directories; false when it is nowhere.
   */
  private boolean relocate(TailedFile f) {
    FileStat now = locate(f.key, f.path.getParent());
    if (now == null || now.path().equals(f.path)) {
      return false;
    }
    f.path = now.path();
    return true;
  }

  private boolean closeLeastRecentlyUsedIdle() {
    TailedFile lru = null;
    for (TailedFile f : files.values()) {
      if (f.isOpen() && !f.retired() && f.unread() == 0 && f.splitter.pendingBytes() == 0
          && (lru == null || f.lastUseNanos < lru.lastUseNanos)) {
        lru = f;
      }
    }
    if (lru == null) {
      return false;
    }
    closeFile(lru);
    return true;
  }

  /** Closes files idle for {@code idleTimeout} (they reopen, identity-checked, when they grow). */
  void closeIdle(long now) {
    long idle = config.idleTimeoutMillis() * 1_000_000L;
    for (TailedFile f : files.values()) {
      if (f.isOpen() && !f.retired() && f.unread() == 0 && f.splitter.pendingBytes() == 0
          && now - f.lastChangeNanos > idle) {
        closeFile(f);
      }
    }
  }

  void closeFile(TailedFile f) {
    if (f.isOpen()) {
      f.close();
      open--;
    }
  }

  void closeAll() {
    files.values().forEach(this::closeFile);
  }

  /** What the position file records: every followed file, held copies excepted. */
  List<PositionFile.Entry> entries() {
    List<PositionFile.Entry> out = new ArrayList<>(dormant);
    for (TailedFile f : files.values()) {
      if (!f.held() && !f.undecided()) {
        out.add(f.entry());
      }
    }
    return out;
  }
}
