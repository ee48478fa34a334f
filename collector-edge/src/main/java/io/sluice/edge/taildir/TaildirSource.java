package io.sluice.edge.taildir;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.DeliveryReceipt;
import io.sluice.api.Event;
import io.sluice.api.EventDrivenSource;
import io.sluice.api.SimpleEvent;
import io.sluice.core.runner.FailureLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the files of its groups as they grow and rotate (Flume's TAILDIR), one line per event.
 *
 * <p>One thread, from the context's factory, does everything: scans, reads, puts and position
 * saves, so no file state is shared. It wakes on the OS's file events (inotify on Linux) and at
 * least every {@code pollInterval}; when writers make more events than checking every open file's
 * size would cost, it checks sizes on a short period instead ({@link SizePolling}). A file's
 * position advances only after the channel committed its lines; a refused batch is read again after
 * a backoff, so a full channel makes the source wait (the file is the buffer) and nothing is
 * dropped. Identity, rotation and truncation rules live in
 * {@link FileTable}; positions are saved by {@link PositionFile} every {@code writePosInterval} and
 * at stop.
 */
public final class TaildirSource implements EventDrivenSource {
  private static final Logger LOG = LoggerFactory.getLogger(TaildirSource.class);
  private static final int CHUNK_BYTES = 64 * 1024;
  /** A busy file yields to the others after this long, whatever maxBatchCount says. */
  private static final long TURN_NANOS = 50_000_000L;
  /** Scan period while a new file waits to be told from a copy (well under its quiet time). */
  private static final long DECIDING_SCAN_MILLIS = 100;
  /** The least time between two rounds that file events start. */
  private static final long GATHER_NANOS = 20_000_000L;
  /**
   * While size polling with every group's directory watched, directory events report every name
   * change, so only every this many scans lists and stats the directories; the others look only at
   * the closed files' sizes (see {@link #step}).
   */
  static final int FULL_SCAN_EVERY = 10;
  /** How long a stop waits for the sinks to deliver batches still in flight before saving. */
  private static final long STOP_DELIVERY_GRACE_MILLIS = 3_000;
  static final String TRUNCATED_HEADER = "sluice.truncated";
  static final String PARTIAL_HEADER = "sluice.partial";

  private final String name;
  private final TaildirSourceConfig config;
  private final ChannelProcessor channelProcessor;
  private final TaildirCounters counters;
  private final ThreadFactory threads;
  private final Clock clock;
  private final FailureLog failureLog;
  private final FileTable table;
  private final FileScanner scanner;
  private final PositionFile positions;
  private final PositionJournal journal;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final Map<WatchKey, Path> watched = new HashMap<>();
  private final Set<Path> dirty = new HashSet<>();
  /** The followed files by path, as of the last scan: where a file event's path leads. */
  private final Map<Path, TailedFile> byPath = new HashMap<>();
  /**
   * Files to look at in the next round even without a file event (bytes left, a held partial
   * line, retired): with them and the changed files, a round costs what changed, not the number
   * of files followed. Scan rounds look at every file and rebuild it.
   */
  private final Set<TailedFile> busy = new LinkedHashSet<>();
  /** Files with batches a sink has not yet delivered (memory channels with checkpointOn delivered). */
  private final Set<TailedFile> awaiting = new LinkedHashSet<>();
  private final List<TailedFile> candidates = new ArrayList<>();
  /** Open files whose size moved at the last size poll (see {@link SizePolling}). */
  private final List<TailedFile> polled = new ArrayList<>();
  private SizePolling sizePolling;
  private long nextSizePollNanos;
  /** Scans since the last one that listed the directories. */
  private int lightScans;
  /** The round's shared batch: the last lines of files that caught up, put in one transaction. */
  private List<Event> shared = new ArrayList<>();
  private final List<SharedPart> sharedParts = new ArrayList<>();
  private long sharedDelivered;
  private final Set<FileKey> unreadable = new HashSet<>();
  private final byte[] chunk = new byte[CHUNK_BYTES];
  private final BatchLines plainLines = new BatchLines();
  private final BatchLines multilineLines = new MultilineBatchLines();
  /** Whose bytes the chunk holds: the object, not the inode, so a reused inode never hits it. */
  private TailedFile chunkOwner;
  private long chunkStart;
  private int chunkLength;
  private WatchService watch;
  private Thread thread;
  private volatile boolean running;
  private boolean scanRequested;
  private long nextScanNanos;
  private long nextPositionWriteNanos;
  private int refusedInARow;
  private long lastWakeNanos;
  private int turn;

  TaildirSource(String name, TaildirSourceConfig config, ChannelProcessor channelProcessor,
      TaildirCounters counters, ThreadFactory threads, Clock clock) {
    this.name = name;
    this.config = config;
    this.channelProcessor = channelProcessor;
    this.counters = counters;
    this.threads = threads;
    this.clock = clock;
    this.failureLog = new FailureLog(LOG, "source " + name);
    this.table = new FileTable(name, config, counters);
    this.scanner = new FileScanner(name, config.groups(), config.cachePatternMatching());
    this.positions = new PositionFile(config.positionFile());
    this.journal = new PositionJournal(config.positionFile());
  }

  @Override
  public synchronized void start() throws IOException {
    List<PositionFile.Entry> saved = loadPositions();
    long now = System.nanoTime();
    table.resume(scanner.scan(clock.millis()), saved, now);
    sizePolling = new SizePolling(now);
    try {
      watch = FileSystems.getDefault().newWatchService();
      watchDirectories();
    } catch (IOException e) {
      watch = null;
      LOG.warn("Source {}: no file-system events ({}); looking at the files every {} ms", name, e.toString(),
          config.pollIntervalMillis());
    }
    nextScanNanos = now + config.pollIntervalMillis() * 1_000_000L;
    nextPositionWriteNanos = now + config.writePosIntervalMillis() * 1_000_000L;
    // The first round looks at every file resumed.
    scanRequested = true;
    running = true;
    thread = threads.newThread(this::run);
    thread.start();
    LOG.info("Source {} follows {} files in {} group(s), at most {} open at once; positions in {}", name,
        table.size(), config.groups().size(), config.maxOpenFiles(), positions.path());
  }

  private List<PositionFile.Entry> loadPositions() throws IOException {
    List<PositionFile.Entry> saved;
    try {
      saved = positions.load();
    } catch (IOException e) {
      Path aside = positions.path().resolveSibling(positions.path().getFileName() + ".corrupt-" + clock.millis());
      Files.move(positions.path(), aside, StandardCopyOption.REPLACE_EXISTING);
      LOG.error("Source {}: {}; moved it to {} and reading every file from the start (duplicates, not loss)",
          name, e.getMessage(), aside);
      return List.of();
    }
    try {
      return journal.replay(saved);
    } catch (IOException e) {
      LOG.warn("Source {}: cannot read the position journal beside {} ({}); resuming from the position file,"
          + " which may repeat lines", name, positions.path(), e.toString());
      return saved;
    }
  }

  @Override
  public void stop() {
    running = false;
    stopSignal.countDown();
    Thread t;
    synchronized (this) {
      t = thread;
      if (watch != null) {
        try {
          watch.close();
        } catch (IOException e) {
          // Closing only wakes the thread.
        }
      }
    }
    if (t != null) {
      try {
        t.join(10_000);
        if (t.isAlive()) {
          t.interrupt();
          t.join(5_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (t != null && t.isAlive()) {
      // Its state is the thread's; the journal already holds every delivered position.
      LOG.warn("Source {}: its thread did not stop in 15 s; positions not saved at stop", name);
      return;
    }
    awaitInFlight();
    savePositions();
    journal.close();
    table.closeAll();
    LOG.info("Source {} stopped; positions saved in {}", name, positions.path());
  }

  private void run() {
    while (running) {
      try {
        step();
      } catch (ClosedWatchServiceException e) {
        return;
      } catch (InterruptedException e) {
        return;
      } catch (Exception | Error e) {
        // Nothing may end this thread but a stop: a dead tailer looks healthy and reads nothing.
        failureLog.failed(e);
        pause(config.backoffSleepIncrement());
      }
    }
  }

  private void step() throws IOException, InterruptedException {
    long now = System.nanoTime();
    boolean scanRound = scanRequested || now - nextScanNanos >= 0;
    boolean fullScan = scanRound && (scanRequested || !namesFollowedByEvents() || ++lightScans >= FULL_SCAN_EVERY);
    if (fullScan) {
      table.reconcile(scanner.scan(clock.millis()), now);
      watchDirectories();
      lightScans = 0;
      byPath.clear();
      table.all().forEach(f -> byPath.put(f.path, f));
    } else if (scanRound) {
      lookAtClosedFiles();
    }
    if (scanRound) {
      scanRequested = false;
      // A new file waiting to be told from a copy is looked at often, so its wait stays short.
      long scanEvery = table.deciding() ? Math.min(config.pollIntervalMillis(), DECIDING_SCAN_MILLIS)
          : config.pollIntervalMillis();
      nextScanNanos = now + scanEvery * 1_000_000L;
    }
    if (sizePolling.on() && now - nextSizePollNanos >= 0) {
      long next = pollSizes(now, false);
      long soonest = now + SizePolling.MIN_PERIOD_NANOS;
      nextSizePollNanos = next - soonest < 0 ? soonest : next;
    }
    Round round = readRound(now, fullScan);
    advanceDelivered(scanRound);
    if (scanRound) {
      // Timers of seconds (idleTimeout, retention, copy wait) need no finer check than a scan's.
      table.expire(now);
      table.closeIdle(now);
    }
    if (watch != null && sizePolling.update(now, table.openFiles())) {
      watchModeChanged(now);
    }
    publishGauges(scanRound);
    if (now - nextPositionWriteNanos >= 0) {
      savePositions();
      nextPositionWriteNanos = now + config.writePosIntervalMillis() * 1_000_000L;
    }
    if (round.refused) {
      refusedInARow++;
      pause(Math.min(config.maxBackoffSleep(), config.backoffSleepIncrement() * refusedInARow));
      return;
    }
    refusedInARow = 0;
    if (round.events == 0 && !round.moreToRead) {
      long until = sizePolling.on() && nextSizePollNanos - nextScanNanos < 0 ? nextSizePollNanos : nextScanNanos;
      awaitChange(Math.max(1, (until - System.nanoTime()) / 1_000_000L));
    }
  }

  private record Round(long events, boolean refused, boolean moreToRead) {}

  /**
   * True when directory events report every name change (create, delete, rename) of every group
   * while size polls see the open files' growth, so a scan need not list and stat the directories.
   * Not while a new file waits to be told from a copy: its growth is seen by scans only.
   */
  private boolean namesFollowedByEvents() {
    if (watch == null || !sizePolling.on() || table.deciding()) {
      return false;
    }
    for (FileGroup g : config.groups()) {
      if (!watched.containsValue(g.directory())) {
        return false;
      }
    }
    return true;
  }

  /**
   * A scan that lists nothing: size polls see only open files, so the closed ones (idle, or beyond
   * maxOpenFiles) are looked at by path in this round, as a file event would have them looked at.
   * An empty new file that got bytes makes the next scan a full one, which tells it from a copy.
   */
  private void lookAtClosedFiles() {
    for (TailedFile f : table.all()) {
      if (f.isOpen() || f.held()) {
        continue;
      }
      if (f.undecided()) {
        FileStat st = FileStat.ofOrNull(f.path);
        scanRequested |= st != null && st.size() > 0;
      } else {
        dirty.add(f.path);
      }
    }
  }

  private Round readRound(long now, boolean everyFile) throws IOException {
    Set<TailedFile> changed = new LinkedHashSet<>();
    for (Path p : dirty) {
      TailedFile f = byPath.get(p);
      if (f != null && f.path.equals(p) && table.follows(f)) {
        changed.add(f);
      }
    }
    dirty.clear();
    for (TailedFile f : polled) {
      if (table.follows(f)) {
        changed.add(f);
      }
    }
    polled.clear();
    candidates.clear();
    if (everyFile) {
      busy.clear();
      for (TailedFile f : table.all()) {
        consider(f, changed.contains(f), true, now);
      }
    } else {
      for (Iterator<TailedFile> it = busy.iterator(); it.hasNext(); ) {
        TailedFile f = it.next();
        if (table.follows(f)) {
          consider(f, false, false, now);
        } else {
          it.remove();
        }
      }
      for (TailedFile f : changed) {
        if (!busy.contains(f)) {
          consider(f, true, false, now);
        }
      }
    }
    // Until read, each candidate stays busy: a round cut short (a refusal, a stop) keeps the rest.
    busy.addAll(candidates);
    sharedDelivered = 0;
    try {
      Round r = readCandidates(now);
      if (r.refused() || !deliverShared()) {
        return new Round(r.events() + sharedDelivered, true, true);
      }
      return new Round(r.events() + sharedDelivered, r.refused(), r.moreToRead());
    } finally {
      // Only an unexpected failure leaves lines in it: read them again rather than skip them.
      abandonShared();
    }
  }

  private Round readCandidates(long now) {
    long events = 0;
    boolean more = false;
    int n = candidates.size();
    for (int i = 0; i < n && running; i++) {
      TailedFile f = candidates.get((turn + i) % n);
      FileTurn t;
      try {
        t = readFile(f, now);
      } catch (IOException e) {
        // One unreadable file (permissions, a stale NFS handle) must not stop the others or the saves.
        f.rewind();
        table.closeFile(f);
        counters.fileReadErrors.increment();
        if (unreadable.add(f.key)) {
          LOG.warn("Source {}: cannot read {}: {}; retrying it every {} ms", name, f, e.toString(),
              config.pollIntervalMillis());
        }
        continue;
      } finally {
        if (!needsLook(f)) {
          busy.remove(f);
        }
      }
      unreadable.remove(f.key);
      events += t.events;
      more |= t.more;
      if (t.refused) {
        turn++;
        return new Round(events, true, true);
      }
    }
    turn++;
    return new Round(events, false, more);
  }

  /** Adds a file to this round's candidates if it may have something to read. */
  private void consider(TailedFile f, boolean changed, boolean everyFile, long now) {
    if (f.held()) {
      return;
    }
    if (f.undecided()) {
      // Its growth may tell whether it is a copy: the next scan looks.
      scanRequested |= changed;
      return;
    }
    if (changed && !f.isOpen()) {
      // A closed file that changed: its size now, so the growth is read before anything else happens.
      FileStat st = FileStat.ofOrNull(f.path);
      if (st != null && st.key().equals(f.key) && st.size() > f.lastSize) {
        f.lastSize = st.size();
        f.lastChangeNanos = now;
      }
    }
    boolean look = everyFile || changed || needsLook(f);
    if (look && (f.isOpen() || f.unread() > 0 || f.retired())) {
      candidates.add(f);
    }
  }

  /** Whether a file must be looked at again without a file event. */
  private static boolean needsLook(TailedFile f) {
    return f.unread() > 0 || f.splitter.pendingBytes() > 0 || f.retired();
  }

  private record FileTurn(long events, boolean refused, boolean more) {}

  private FileTurn readFile(TailedFile f, long now) throws IOException {
    if (!table.ensureOpen(f)) {
      return new FileTurn(0, false, false);
    }
    f.lastUseNanos = now;
    // This round's size poll stat'ed it a moment ago.
    long size = f.polledAtNanos == now ? f.polledSize : f.channel.size();
    // Smaller than it was seen is a truncation too, even with nothing committed yet (position 0).
    if (size < f.pos || size < f.lastSize) {
      dropChunk(f);
      table.truncated(f, size, now);
    } else if (size != f.lastSize) {
      f.lastSize = size;
      f.lastChangeNanos = now;
    }
    // Checked once per turn, even while a partial line is held past the position: a file truncated
    // and rewritten in place must never be read on from the old offset.
    if (f.splitter.position() < f.lastSize && (!markerHolds(f) || (f.pos == 0 && !f.head.matches(f.channel)))) {
      // The bytes before our position changed: truncated and regrown past it since the last look.
      dropChunk(f);
      table.truncated(f, f.channel.size(), now);
    }
    if (f.head.length() < Fingerprint.HEAD_BYTES && f.head.length() < f.lastSize) {
      completeHead(f);
    }
    long events = 0;
    long batches = 0;
    long deadline = System.nanoTime() + TURN_NANOS;
    while (running && batches < config.maxBatchCount() && f.splitter.position() < f.lastSize) {
      Batch b = readBatch(f);
      if (b.events.isEmpty()) {
        break;
      }
      if (b.events.size() < config.batchSize()) {
        // Caught up: the file's last lines share a transaction with other files' (a round over
        // many quiet files commits once, not once per file).
        if (!share(f, b)) {
          return new FileTurn(events, true, true);
        }
        batches++;
        break;
      }
      if (!deliver(f, b.events, b.end, b.marker)) {
        return new FileTurn(events, true, true);
      }
      events += b.events.size();
      batches++;
      if (System.nanoTime() - deadline > 0) {
        return new FileTurn(events, false, true);
      }
    }
    if (batches >= config.maxBatchCount()) {
      return new FileTurn(events, false, true);
    }
    if (!flushPartialLine(f, now)) {
      return new FileTurn(events, true, true);
    }
    return new FileTurn(events, false, false);
  }

  private record Batch(List<Event> events, long end, Fingerprint marker) {}

  /** One file's lines in the shared batch: up to where, and the marker there. */
  private record SharedPart(TailedFile file, long end, Fingerprint marker) {}

  /**
   * Up to batchSize lines from the file's read position, which is before its size. Only the line
   * loop lives here: a new file's head and a file's end are its caller's, so that what a long
   * backlog never meets is not a branch in the loop the compiler built from it.
   */
  private Batch readBatch(TailedFile f) throws IOException {
    // Sized for what is on disk (a line is rarely under 64 bytes), not for a full batch a quiet file never fills.
    long onDisk = f.lastSize - f.splitter.position();
    BatchLines lines = f.multiline == null ? plainLines : multilineLines;
    lines.begin(f, new ArrayList<>((int) Math.min(config.batchSize(), Math.min(1024, 1 + (onDisk >> 6)))));
    while (lines.hasRoom() && f.splitter.position() < f.lastSize) {
      long at = f.splitter.position();
      if (!(chunkOwner == f && at >= chunkStart && at < chunkStart + chunkLength) && !fill(f, at)) {
        break;
      }
      int used = f.splitter.split(chunk, (int) (at - chunkStart), chunkLength, lines);
      counters.bytesRead.add(used);
    }
    List<Event> events = lines.events;
    long end = lines.end;
    lines.clear();
    // Taken now, while the chunk holds those bytes.
    return new Batch(events, end, events.isEmpty() ? Fingerprint.NONE : markerAt(f, end));
  }

  /** Reads the file's bytes from {@code at} into the chunk; false at its end. */
  private boolean fill(TailedFile f, long at) throws IOException {
    int read = f.channel.read(ByteBuffer.wrap(chunk), at);
    if (read <= 0) {
      return false;
    }
    chunkOwner = f;
    chunkStart = at;
    chunkLength = read;
    return true;
  }

  /**
   * Collects one batch of a file's lines as events; one per source, begun for each batch (the list
   * is the batch's own: the channel may keep it). The plain kind serves sources without multiline.
   */
  private class BatchLines implements LineSplitter.LineSink {
    TailedFile file;
    List<Event> events;
    long end;
    /** The file's lines get no header unless truncated: most sources' every line. */
    boolean plain;

    void begin(TailedFile f, List<Event> batch) {
      file = f;
      events = batch;
      end = f.pos;
      plain = f.group.headers().isEmpty() && !config.fileHeader() && !config.byteOffsetHeader();
    }

    boolean hasRoom() {
      return events.size() < config.batchSize();
    }

    void clear() {
      file = null;
      events = null;
    }

    @Override
    public boolean accept(byte[] bytes, long start, long lineEnd, boolean truncated) {
      events.add(plain && !truncated ? new SimpleEvent(null, bytes) : toEvent(file, bytes, start, truncated, false));
      end = lineEnd;
      return events.size() < config.batchSize();
    }
  }

  /** Joins the lines into multiline events; a batch ends where its last complete event does. */
  private final class MultilineBatchLines extends BatchLines {
    @Override
    public boolean accept(byte[] bytes, long start, long lineEnd, boolean truncated) {
      LineSplitter.Line event = file.multiline.offer(new LineSplitter.Line(bytes, start, lineEnd, truncated));
      if (event != null) {
        events.add(toEvent(file, event, false));
        end = event.end();
      }
      return events.size() < config.batchSize();
    }
  }

  /**
   * Whether the bytes just before the position are still the ones read (see {@link Fingerprint}).
   * They are read with what follows them into the chunk, so the check costs no read of its own.
   */
  private boolean markerHolds(TailedFile f) throws IOException {
    Fingerprint m = f.marker;
    if (m.length() == 0) {
      return true;
    }
    int read = f.channel.read(ByteBuffer.wrap(chunk), m.offset());
    chunkOwner = f;
    chunkStart = m.offset();
    chunkLength = Math.max(read, 0);
    return chunkLength >= m.length() && Fingerprint.of(chunk, 0, m.length(), m.offset()).crc() == m.crc();
  }

  /**
   * Completes the file's head checksum while the file is shorter than it (a new file, a short one
   * growing), before its lines are read: from the chunk, filled from offset 0 when the read
   * position is within its reach so that the lines after the head are read from it too.
   */
  private void completeHead(TailedFile f) throws IOException {
    int want = (int) Math.min(f.lastSize, Fingerprint.HEAD_BYTES);
    if (!(chunkOwner == f && chunkStart == 0) && f.splitter.position() < CHUNK_BYTES) {
      fill(f, 0);
    }
    if (chunkOwner == f && chunkStart == 0 && chunkLength > f.head.length()) {
      f.head = Fingerprint.of(chunk, 0, Math.min(chunkLength, want), 0);
    } else {
      Fingerprint h = Fingerprint.head(f.channel, f.lastSize);
      f.head = h != null ? h : f.head;
    }
  }

  /** The marker for a position, from the chunk when it holds those bytes (it does after a read). */
  private Fingerprint markerAt(TailedFile f, long end) {
    int len = (int) Math.min(end, Fingerprint.MARKER_BYTES);
    long from = end - len;
    if (chunkOwner == f && from >= chunkStart && end <= chunkStart + chunkLength) {
      return Fingerprint.of(chunk, (int) (from - chunkStart), len, from);
    }
    try {
      Fingerprint m = Fingerprint.marker(f.channel, end);
      return m != null ? m : Fingerprint.NONE;
    } catch (IOException e) {
      return Fingerprint.NONE;
    }
  }

  /**
   * Completes what waits for more input once its file is quiet: a multiline event after
   * {@code multiline.timeout} (one poll once the file was retired), an unterminated last line after
   * {@code idleTimeout} (5 s at most once retired). False when the channel refused them.
   */
  private boolean flushPartialLine(TailedFile f, long now) {
    if (f.splitter.position() < f.lastSize
        || ((f.multiline == null || !f.multiline.pending()) && f.splitter.pendingBytes() == 0)) {
      return true;
    }
    long idleFor = now - f.lastChangeNanos;
    List<Event> events = new ArrayList<>(2);
    long end = f.pos;
    MultilineConfig ml = config.multiline();
    if (f.multiline != null && f.multiline.pending()
        && idleFor >= (f.retired() ? config.pollIntervalMillis() : ml.timeoutMillis()) * 1_000_000L) {
      LineSplitter.Line event = f.multiline.flush();
      events.add(toEvent(f, event, false));
      end = event.end();
    }
    // Not sooner for a retired file: its writer may finish the line through the descriptor it still holds.
    if (f.splitter.pendingBytes() > 0
        && idleFor >= (f.retired() ? config.retiredQuietMillis() : config.idleTimeoutMillis()) * 1_000_000L) {
      LineSplitter.Line line = f.splitter.flushPending();
      LineSplitter.Line before = f.multiline == null ? null : f.multiline.offer(line);
      if (before != null) {
        events.add(toEvent(f, before, false));
      }
      LineSplitter.Line last = f.multiline == null ? line : f.multiline.flush();
      if (last != null) {
        events.add(toEvent(f, last, true));
        counters.partialLinesEmitted.increment();
      }
      end = line.end();
    }
    if (events.isEmpty()) {
      return true;
    }
    // The file's earlier lines may wait in the shared batch: they go first.
    if (!deliverShared()) {
      f.rewind();
      return false;
    }
    return deliver(f, events, end, markerAt(f, end));
  }

  private Event toEvent(TailedFile f, LineSplitter.Line line, boolean partial) {
    return toEvent(f, line.bytes(), line.start(), line.truncated(), partial);
  }

  private Event toEvent(TailedFile f, byte[] bytes, long start, boolean truncated, boolean partial) {
    if (truncated) {
      counters.linesTruncated.increment();
    }
    // Most lines get no header at all: their event makes its map only if something asks for it.
    Map<String, String> groupHeaders = f.group.headers();
    if (groupHeaders.isEmpty() && !config.fileHeader() && !config.byteOffsetHeader() && !truncated && !partial) {
      return new SimpleEvent(null, bytes);
    }
    Map<String, String> headers = new HashMap<>(groupHeaders);
    if (config.fileHeader()) {
      headers.put(config.fileHeaderKey(), f.path.toString());
    }
    if (config.byteOffsetHeader()) {
      headers.put("byteoffset", Long.toString(start));
    }
    if (truncated) {
      headers.put(TRUNCATED_HEADER, "true");
    }
    if (partial) {
      headers.put(PARTIAL_HEADER, "true");
    }
    return new SimpleEvent(headers, bytes);
  }

  /** Puts one batch; on success the file's read position moves to {@code end}. */
  private boolean deliver(TailedFile f, List<Event> events, long end, Fingerprint endMarker) {
    DeliveryReceipt receipt = put(events);
    if (receipt == null) {
      f.rewind();
      return false;
    }
    committed(f, receipt, end, endMarker);
    flushJournal();
    return true;
  }

  /** Puts one batch in one transaction; null when the channel refused it (it is read again). */
  private DeliveryReceipt put(List<Event> events) {
    counters.eventsReceived.add(events.size());
    counters.batchesReceived.increment();
    DeliveryReceipt receipt;
    try {
      if (config.checkpointOnDelivery()) {
        receipt = channelProcessor.processEventBatchTracked(events);
      } else {
        channelProcessor.processEventBatch(events);
        receipt = DeliveryReceipt.DELIVERED;
      }
    } catch (RuntimeException e) {
      // A full channel, or anything an interceptor threw: the batch is read again after a backoff.
      counters.channelWriteFail.increment();
      failureLog.failed(e);
      return null;
    }
    failureLog.succeeded();
    counters.eventsAccepted.add(events.size());
    counters.batchesAccepted.increment();
    return receipt;
  }

  /** A file's lines up to {@code end} are in the channel: its position moves (the journal's flush is the caller's). */
  private void committed(TailedFile f, DeliveryReceipt receipt, long end, Fingerprint endMarker) {
    if (f.committed(receipt, end, endMarker)) {
      journal(f);
    }
    if (f.inFlightBatches() > 0) {
      awaiting.add(f);
    }
  }

  /**
   * Adds a file's last lines to the round's shared batch, first putting the batch if they would
   * not fit in one transaction with it; false when that put was refused (every file in it, and
   * this one, is read again).
   */
  private boolean share(TailedFile f, Batch b) {
    if (shared.size() + b.events.size() > config.batchSize() && !deliverShared()) {
      f.rewind();
      return false;
    }
    shared.addAll(b.events);
    sharedParts.add(new SharedPart(f, b.end, b.marker));
    return true;
  }

  /** Puts the round's shared batch, moving each of its files' positions; false when refused. */
  private boolean deliverShared() {
    if (sharedParts.isEmpty()) {
      return true;
    }
    DeliveryReceipt receipt = put(shared);
    if (receipt == null) {
      abandonShared();
      return false;
    }
    for (SharedPart p : sharedParts) {
      committed(p.file(), receipt, p.end(), p.marker());
      if (!needsLook(p.file())) {
        busy.remove(p.file());
      }
    }
    sharedDelivered += shared.size();
    // A new list: the channel may keep the one it was given.
    shared = new ArrayList<>();
    sharedParts.clear();
    flushJournal();
    return true;
  }

  /** Forgets the shared batch; its files read those lines again. */
  private void abandonShared() {
    if (sharedParts.isEmpty()) {
      return;
    }
    sharedParts.forEach(p -> p.file().rewind());
    sharedParts.clear();
    shared = new ArrayList<>();
  }

  /** Saves, cheaply, where a file's delivered data ends, so a kill repeats at most what was in flight. */
  private void journal(TailedFile f) {
    journal.add(f.entry());
  }

  private void flushJournal() {
    try {
      journal.flush();
    } catch (IOException e) {
      // The periodic save still records the position; a crash before it repeats more lines.
      counters.positionWriteFailures.increment();
      LOG.debug("Source {}: cannot journal positions beside {}: {}", name, positions.path(), e.toString());
    }
  }

  /**
   * At stop the sinks still run: batches they deliver within a short grace are saved, so a clean
   * restart repeats nothing. What is still in flight after it is read again (never lost).
   */
  private void awaitInFlight() {
    long deadline = System.nanoTime() + STOP_DELIVERY_GRACE_MILLIS * 1_000_000L;
    while (true) {
      advanceDelivered(true);
      int pending = 0;
      for (TailedFile f : table.all()) {
        pending += f.inFlightBatches();
      }
      if (pending == 0) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        LOG.info("Source {}: {} batches not yet delivered at stop; they are read again at the next start",
            name, pending);
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Batches delivered since the last look move their files' saved positions, journaled in one
   * write. {@code everyFile} also finds files that took batches in flight over from another (a
   * copytruncate copy).
   */
  private void advanceDelivered(boolean everyFile) {
    if (everyFile) {
      for (TailedFile f : table.all()) {
        if (f.inFlightBatches() > 0) {
          awaiting.add(f);
        }
      }
    }
    for (Iterator<TailedFile> it = awaiting.iterator(); it.hasNext(); ) {
      TailedFile f = it.next();
      if (f.inFlightBatches() > 0 && f.advanceSaved()) {
        journal(f);
      }
      if (f.inFlightBatches() == 0 || !table.follows(f)) {
        it.remove();
      }
    }
    flushJournal();
  }

  /**
   * Size polling's look, in place of the file events it turned off: every open file whose period
   * is up ({@code all}: every open file) has its size checked, and is read this round if it moved;
   * its next period follows what it grew ({@link SizePolling#nextPeriod}). A closed file (idle, or
   * beyond maxOpenFiles) waits for the next scan. Returns when the next look is due.
   */
  private long pollSizes(long now, boolean all) {
    int checked = 0;
    int changed = 0;
    long next = now + SizePolling.MAX_PERIOD_NANOS;
    for (TailedFile f : table.all()) {
      if (!f.isOpen() || f.held()) {
        continue;
      }
      boolean first = f.polledAtNanos == Long.MIN_VALUE;
      if (!all && !first && now - f.nextPollNanos < 0) {
        next = f.nextPollNanos - next < 0 ? f.nextPollNanos : next;
        continue;
      }
      long size;
      try {
        size = f.channel.size();
      } catch (IOException e) {
        // Reading it reports the failure.
        size = -1;
      }
      checked++;
      if (size != f.lastSize) {
        polled.add(f);
        changed++;
      }
      if (size >= 0) {
        f.pollPeriodNanos = first ? SizePolling.MIN_PERIOD_NANOS
            : SizePolling.nextPeriod(f.pollPeriodNanos, size - f.polledSize, now - f.polledAtNanos);
        f.polledSize = size;
        f.polledAtNanos = now;
      }
      f.nextPollNanos = now + f.pollPeriodNanos;
      next = f.nextPollNanos - next < 0 ? f.nextPollNanos : next;
    }
    sizePolling.polled(checked, changed);
    return next;
  }

  /** Asks the OS for per-write file events again, or stops them, as {@link SizePolling} decided. */
  private void watchModeChanged(long now) {
    LOG.debug("Source {}: {} for {} open files", name,
        sizePolling.on() ? "polling sizes instead of per-write file events" : "back to per-write file events",
        table.openFiles());
    for (Map.Entry<WatchKey, Path> e : List.copyOf(watched.entrySet())) {
      try {
        // The same directory again: the JDK keeps its key and the OS replaces the event mask.
        WatchKey key = e.getValue().register(watch, watchKinds());
        if (key != e.getKey()) {
          watched.remove(e.getKey());
          watched.put(key, e.getValue());
        }
      } catch (IOException ex) {
        LOG.debug("Source {}: cannot re-watch {} ({}); the next scan watches it", name, e.getValue(), ex.toString());
      }
    }
    if (sizePolling.on()) {
      // Writers busy enough to turn polling on: every file starts at the shortest period.
      for (TailedFile f : table.all()) {
        f.polledAtNanos = Long.MIN_VALUE;
      }
      nextSizePollNanos = now;
    } else {
      // A write between the last poll and the new watch made no event: look now.
      pollSizes(now, true);
    }
  }

  private WatchEvent.Kind<?>[] watchKinds() {
    return sizePolling.on()
        ? new WatchEvent.Kind<?>[] {StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE}
        : new WatchEvent.Kind<?>[] {StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
            StandardWatchEventKinds.ENTRY_MODIFY};
  }

  private void dropChunk(TailedFile f) {
    if (chunkOwner == f) {
      chunkOwner = null;
    }
  }

  /**
   * The file counts after every round; the unread bytes and the oldest unread file's mtime, a pass
   * over every file without a stat (sizes and mtimes are the scan's), at scan rounds.
   */
  private void publishGauges(boolean everyFile) {
    counters.openFiles.set(table.openFiles());
    counters.trackedFiles.set(table.size());
    counters.sizePolling.set(sizePolling.on() ? 1 : 0);
    if (everyFile) {
      long unread = 0;
      long oldest = Long.MAX_VALUE;
      for (TailedFile f : table.all()) {
        long u = f.unread();
        unread += u;
        if (u > 0 && f.mtimeMillis > 0) {
          oldest = Math.min(oldest, f.mtimeMillis);
        }
      }
      counters.unreadBytes.set(unread);
      counters.oldestUnreadMtime.set(oldest == Long.MAX_VALUE ? 0 : oldest);
    }
  }

  private void savePositions() {
    try {
      positions.save(table.entries());
      journal.reset();
    } catch (IOException | RuntimeException e) {
      counters.positionWriteFailures.increment();
      LOG.warn("Source {}: cannot save positions to {}: {} (the previous file is intact)", name,
          positions.path(), e.toString());
    }
  }

  private void watchDirectories() {
    if (watch == null) {
      return;
    }
    Set<Path> dirs = new HashSet<>();
    config.groups().forEach(g -> dirs.add(g.directory()));
    dirs.removeAll(watched.values());
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try {
        watched.put(dir.register(watch, watchKinds()), dir);
      } catch (IOException e) {
        LOG.debug("Source {}: no file events for {} ({}); polling it every {} ms", name, dir, e,
            config.pollIntervalMillis());
      }
    }
  }

  /** Waits for a file event or the timeout, noting which files changed. */
  private void awaitChange(long timeoutMillis) throws InterruptedException {
    if (watch == null) {
      pause(timeoutMillis);
      return;
    }
    WatchKey key = watch.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (key != null) {
      // A busy writer makes an event per line: gathering them for a moment turns a round per
      // line into a round per moment (one wake-up, one shared transaction) at a small latency.
      long wait = lastWakeNanos + GATHER_NANOS - System.nanoTime();
      if (wait > 0 && stopSignal.await(wait, TimeUnit.NANOSECONDS)) {
        return;
      }
      lastWakeNanos = System.nanoTime();
    }
    while (key != null) {
      Path dir = watched.get(key);
      for (WatchEvent<?> ev : key.pollEvents()) {
        if (ev.kind() == StandardWatchEventKinds.ENTRY_MODIFY && dir != null) {
          dirty.add(dir.resolve((Path) ev.context()));
          sizePolling.eventsSeen(ev.count());
        } else {
          scanRequested = true;
        }
      }
      if (!key.reset()) {
        watched.remove(key);
        scanRequested = true;
      }
      key = watch.poll();
    }
  }

  private void pause(long millis) {
    try {
      stopSignal.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
