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
 * least every {@code pollInterval}. A file's position advances only after the channel committed
 * its lines; a refused batch is read again after a backoff, so a full channel makes the source wait
 * (the file is the buffer) and nothing is dropped. Identity, rotation and truncation rules live in
 * {@link FileTable}; positions are saved by {@link PositionFile} every {@code writePosInterval} and
 * at stop.
 */
public final class TaildirSource implements EventDrivenSource {
  private static final Logger LOG = LoggerFactory.getLogger(TaildirSource.class);
  private static final int CHUNK_BYTES = 64 * 1024;
  /** A busy file yields to the others after this long, whatever maxBatchCount says. */
  private static final long TURN_NANOS = 50_000_000L;
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
  private final Set<FileKey> unreadable = new HashSet<>();
  private final byte[] chunk = new byte[CHUNK_BYTES];
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
    if (scanRound) {
      table.reconcile(scanner.scan(clock.millis()), now);
      watchDirectories();
      scanRequested = false;
      nextScanNanos = now + config.pollIntervalMillis() * 1_000_000L;
    }
    Round round = readRound(now, scanRound);
    advanceDelivered();
    table.expire(now);
    table.closeIdle(now);
    publishGauges();
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
      awaitChange(Math.max(1, (nextScanNanos - System.nanoTime()) / 1_000_000L));
    }
  }

  private record Round(long events, boolean refused, boolean moreToRead) {}

  private Round readRound(long now, boolean everyFile) throws IOException {
    List<TailedFile> candidates = new ArrayList<>();
    for (TailedFile f : table.all()) {
      if (f.held()) {
        continue;
      }
      if (!f.isOpen() && dirty.contains(f.path)) {
        // A closed file that changed: its size now, so the growth is read before anything else happens.
        FileStat st = FileStat.ofOrNull(f.path);
        if (st != null && st.key().equals(f.key) && st.size() > f.lastSize) {
          f.lastSize = st.size();
          f.lastChangeNanos = now;
        }
      }
      boolean look = everyFile || f.unread() > 0 || f.splitter.pendingBytes() > 0 || f.retired()
          || dirty.contains(f.path);
      if (look && (f.isOpen() || f.unread() > 0 || f.retired())) {
        candidates.add(f);
      }
    }
    dirty.clear();
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

  private record FileTurn(long events, boolean refused, boolean more) {}

  private FileTurn readFile(TailedFile f, long now) throws IOException {
    if (!table.ensureOpen(f)) {
      return new FileTurn(0, false, false);
    }
    f.lastUseNanos = now;
    long size = f.channel.size();
    if (size < f.pos) {
      dropChunk(f);
      table.truncated(f, size, now);
    } else if (size != f.lastSize) {
      f.lastSize = size;
      f.lastChangeNanos = now;
    }
    long events = 0;
    long batches = 0;
    long deadline = System.nanoTime() + TURN_NANOS;
    while (running && batches < config.maxBatchCount()) {
      Batch b = readBatch(f, now);
      if (b == null || b.events.isEmpty()) {
        break;
      }
      if (!deliver(f, b.events, b.end)) {
        return new FileTurn(events, true, true);
      }
      events += b.events.size();
      batches++;
      if (b.events.size() < config.batchSize()) {
        break;
      }
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

  private record Batch(List<Event> events, long end) {}

  /** Up to batchSize lines from the file's read position; null when it was found truncated. */
  private Batch readBatch(TailedFile f, long now) throws IOException {
    if (f.splitter.position() >= f.lastSize) {
      return new Batch(List.of(), f.pos);
    }
    // Checked even while a partial line is held past the position: a file truncated and rewritten
    // in place must never be read on from the old offset.
    if (!f.marker.matches(f.channel)) {
      // The bytes before our position changed: truncated and regrown past it since the last look.
      dropChunk(f);
      table.truncated(f, f.channel.size(), now);
    }
    if (f.head.length() < Math.min(f.lastSize, Fingerprint.HEAD_BYTES)) {
      Fingerprint h = Fingerprint.head(f.channel, f.lastSize);
      f.head = h != null ? h : f.head;
    }
    List<Event> events = new ArrayList<>(Math.min(config.batchSize(), 1024));
    long[] end = {f.pos};
    LineSplitter.LineSink sink = line -> {
      LineSplitter.Line event = f.multiline == null ? line : f.multiline.offer(line);
      if (event != null) {
        events.add(toEvent(f, event, false));
        end[0] = event.end();
      }
      return events.size() < config.batchSize();
    };
    while (events.size() < config.batchSize() && f.splitter.position() < f.lastSize) {
      long at = f.splitter.position();
      if (!(chunkOwner == f && at >= chunkStart && at < chunkStart + chunkLength)) {
        int read = f.channel.read(ByteBuffer.wrap(chunk), at);
        if (read <= 0) {
          break;
        }
        chunkOwner = f;
        chunkStart = at;
        chunkLength = read;
      }
      int from = (int) (at - chunkStart);
      int used = f.splitter.split(chunk, from, chunkLength, sink);
      counters.bytesRead.add(used);
    }
    return new Batch(events, end[0]);
  }

  /**
   * Completes what waits for more input once its file is quiet: a multiline event after
   * {@code multiline.timeout}, an unterminated last line after {@code idleTimeout}; both after one
   * poll once the file was retired. False when the channel refused them.
   */
  private boolean flushPartialLine(TailedFile f, long now) {
    if (f.splitter.position() < f.lastSize) {
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
    if (f.splitter.pendingBytes() > 0
        && idleFor >= (f.retired() ? config.pollIntervalMillis() : config.idleTimeoutMillis()) * 1_000_000L) {
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
    return events.isEmpty() || deliver(f, events, end);
  }

  private Event toEvent(TailedFile f, LineSplitter.Line line, boolean partial) {
    Map<String, String> headers = new HashMap<>(f.group.headers());
    if (config.fileHeader()) {
      headers.put(config.fileHeaderKey(), f.path.toString());
    }
    if (config.byteOffsetHeader()) {
      headers.put("byteoffset", Long.toString(line.start()));
    }
    if (line.truncated()) {
      headers.put(TRUNCATED_HEADER, "true");
      counters.linesTruncated.increment();
    }
    if (partial) {
      headers.put(PARTIAL_HEADER, "true");
    }
    return new SimpleEvent(headers, line.bytes());
  }

  /** Puts one batch; on success the file's read position moves to {@code end}. */
  private boolean deliver(TailedFile f, List<Event> events, long end) {
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
      f.rewind();
      return false;
    }
    failureLog.succeeded();
    counters.eventsAccepted.add(events.size());
    counters.batchesAccepted.increment();
    Fingerprint endMarker;
    try {
      Fingerprint m = Fingerprint.marker(f.channel, end);
      endMarker = m != null ? m : Fingerprint.NONE;
    } catch (IOException e) {
      endMarker = Fingerprint.NONE;
    }
    if (f.committed(receipt, end, endMarker)) {
      journal(f);
    }
    return true;
  }

  /** Saves, cheaply, where a file's delivered data ends, so a kill repeats at most what was in flight. */
  private void journal(TailedFile f) {
    try {
      journal.append(f.entry());
    } catch (IOException e) {
      // The periodic save still records the position; a crash before it repeats more lines.
      counters.positionWriteFailures.increment();
      LOG.debug("Source {}: cannot journal the position of {}: {}", name, f, e.toString());
    }
  }

  /**
   * At stop the sinks still run: batches they deliver within a short grace are saved, so a clean
   * restart repeats nothing. What is still in flight after it is read again (never lost).
   */
  private void awaitInFlight() {
    long deadline = System.nanoTime() + STOP_DELIVERY_GRACE_MILLIS * 1_000_000L;
    while (true) {
      advanceDelivered();
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

  /** Batches delivered since the last look move their files' saved positions. */
  private void advanceDelivered() {
    for (TailedFile f : table.all()) {
      if (f.inFlightBatches() > 0 && f.advanceSaved()) {
        journal(f);
      }
    }
  }

  private void dropChunk(TailedFile f) {
    if (chunkOwner == f) {
      chunkOwner = null;
    }
  }

  private void publishGauges() {
    counters.openFiles.set(table.openFiles());
    counters.trackedFiles.set(table.size());
    long unread = 0;
    for (TailedFile f : table.all()) {
      unread += f.unread();
    }
    counters.unreadBytes.set(unread);
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
        watched.put(dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY), dir);
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
    while (key != null) {
      Path dir = watched.get(key);
      for (WatchEvent<?> ev : key.pollEvents()) {
        if (ev.kind() == StandardWatchEventKinds.ENTRY_MODIFY && dir != null) {
          dirty.add(dir.resolve((Path) ev.context()));
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
