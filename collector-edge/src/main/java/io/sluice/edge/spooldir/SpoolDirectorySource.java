package io.sluice.edge.spooldir;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.PollableSource;
import io.sluice.api.Status;
import io.sluice.core.runner.FailureLog;
import io.sluice.edge.spooldir.ProgressTracker.Progress;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.DeletePolicy;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.TrackingPolicy;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's spooldir source: reads the files dropped into a directory, one at a time, and sets each
 * aside once every event of it is committed. Each {@link #process()} step moves at most one batch.
 *
 * <p>Progress is saved after every committed batch ({@link ProgressTracker}), so after a crash the
 * file in progress resumes at its last committed event. A refused batch is kept and offered again,
 * 250 ms later doubling up to {@code maxBackoff}; nothing is dropped. A file that changes or
 * vanishes after pickup, or cannot be decoded, gets one error line naming it, is set aside
 * ({@link FileRetirer#fail}), and the source goes on with the other files (Flume's source thread
 * dies for good there).
 *
 * <p>Runner-thread confined: start, process and stop come from the runtime, one at a time.
 */
public final class SpoolDirectorySource implements PollableSource {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectorySource.class);

  private final String name;
  private final SpoolDirectorySourceConfig config;
  private final ChannelProcessor channelProcessor;
  private final SpoolCounters counters;
  private final FailureLog failureLog;
  private final RetryBackoff retry;
  private final FileRetirer retirer;
  private final SpoolDirectoryScanner scanner;
  private final ProgressTracker progress;
  private Progress resume;
  private SpoolFile current;
  private Batch pending;
  private boolean truncationLogged;

  SpoolDirectorySource(String name, SpoolDirectorySourceConfig config, ChannelProcessor channelProcessor,
      SpoolCounters counters, Clock clock) {
    this.name = name;
    this.config = config;
    this.channelProcessor = channelProcessor;
    this.counters = counters;
    this.failureLog = new FailureLog(LOG, "source " + name);
    this.retry = new RetryBackoff(config.maxBackoff(), clock);
    this.retirer = new FileRetirer(config);
    this.scanner = new SpoolDirectoryScanner(config, retirer, new Random());
    this.progress = new ProgressTracker(config.resolvedTrackerDir());
  }

  @Override
  public void start() throws IOException {
    Path dir = config.spoolDir();
    if (!Files.isDirectory(dir)) {
      throw new IOException("source " + name + ": spoolDir " + dir.toAbsolutePath()
          + (Files.exists(dir) ? " is not a directory" : " does not exist"));
    }
    boolean changesDir = config.deletePolicy() == DeletePolicy.IMMEDIATE
        || config.trackingPolicy() == TrackingPolicy.RENAME;
    if (changesDir && !Files.isWritable(dir)) {
      throw new IOException("source " + name + ": spoolDir " + dir.toAbsolutePath()
          + " is not writable, which renaming or deleting done files needs (trackingPolicy = tracker_dir"
          + " leaves them in place)");
    }
    Path trackerDir = config.resolvedTrackerDir();
    try {
      Files.createDirectories(trackerDir);
    } catch (IOException e) {
      throw new IOException("source " + name + ": cannot create trackerDir " + trackerDir + ": " + e, e);
    }
    retirer.load();
    resume = progress.load();
    LOG.info("Source {} reading files from {}{}", name, dir.toAbsolutePath(),
        resume == null ? "" : "; resuming " + resume.file() + " at " + resume.position());
  }

  @Override
  public Status process() {
    if (!retry.ready()) {
      return Status.BACKOFF;
    }
    if (pending != null) {
      return deliverPending();
    }
    try {
      if (current == null) {
        current = openNext();
        if (current == null) {
          return Status.BACKOFF;
        }
      }
      String change = current.change();
      if (change != null) {
        failCurrent(change);
        return Status.READY;
      }
      Batch batch = current.read(config.batchSize());
      if (batch.isEmpty()) {
        if (batch.failure() != null) {
          failCurrent(describe(batch.failure()));
        } else {
          finishCurrent();
        }
        return Status.READY;
      }
      counters.batchRead(batch.events().size());
      pending = batch;
    } catch (IOException e) {
      // The directory itself could not be listed or a stat failed: the runner backs off and retries.
      failureLog.failed(e);
      return Status.BACKOFF;
    }
    return deliverPending();
  }

  private Status deliverPending() {
    try {
      channelProcessor.processEventBatch(pending.freshEvents());
    } catch (ChannelException e) {
      counters.channelWriteFailed();
      failureLog.failed(e);
      retry.failed();
      return Status.BACKOFF;
    }
    failureLog.succeeded();
    retry.succeeded();
    counters.batchAccepted(pending.events().size());
    Batch done = pending;
    pending = null;
    saveProgress(done.end());
    if (done.failure() != null) {
      failCurrent(describe(done.failure()));
    }
    return Status.READY;
  }

  private SpoolFile openNext() throws IOException {
    SpoolFile resumed = resume();
    if (resumed != null) {
      return resumed;
    }
    while (true) {
      SpoolDirectoryScanner.Candidate c = scanner.next();
      if (c == null) {
        return null;
      }
      // A re-used name (c.nameReused()) is reported once, when the file is completed.
      SpoolFile f = open(c.path(), null, SpoolPosition.START);
      if (f != null) {
        return f;
      }
    }
  }

  /** The file the last run was reading, positioned at its last committed event; null if there is none. */
  private SpoolFile resume() throws IOException {
    Progress p = resume;
    resume = null;
    if (p == null) {
      return null;
    }
    FileIdentity now = FileIdentity.of(p.file());
    if (now == null || !now.sameFile(p.identity())
        || !p.file().startsWith(config.spoolDir().toAbsolutePath())) {
      progress.clear();
      return null;
    }
    if (!now.equals(p.identity())) {
      LOG.error("Source {}: file {} changed while the source was stopped, in the middle of being read; {}",
          name, p.file(), failAside(p.file()));
      progress.clear();
      return null;
    }
    LOG.info("Source {}: resuming {} at {}", name, p.file(), p.position());
    return open(p.file(), p.identity(), p.position());
  }

  /** Opens a file; a file that vanished first is skipped quietly, an unreadable one is failed. */
  private SpoolFile open(Path path, FileIdentity known, SpoolPosition start) throws IOException {
    FileIdentity id = known != null ? known : FileIdentity.of(path);
    if (id == null) {
      return null;
    }
    try {
      return SpoolFile.open(path, id, start, config, offset -> lineTruncated(path, offset));
    } catch (NoSuchFileException e) {
      return null;
    } catch (AccessDeniedException e) {
      LOG.error("Source {}: file {} cannot be read (access denied); {}", name, path, failAside(path));
      return null;
    } catch (IOException e) {
      // Not the format it should be, or an I/O error: set it aside rather than retry it forever.
      LOG.error("Source {}: file {} cannot be read: {}; {}", name, path,
          e instanceof DecodeFailure ? e.getMessage() : e.toString(), failAside(path));
      return null;
    }
  }

  private void finishCurrent() throws IOException {
    SpoolFile f = current;
    String change = f.change();
    if (change != null) {
      failCurrent(change);
      return;
    }
    closeCurrent();
    FileRetirer.Outcome outcome;
    try {
      outcome = retirer.complete(f.path(), f.identity());
    } catch (IOException e) {
      // Listed as done, so that neither this run nor a restart delivers it again; if even the list
      // cannot be written, progress stays at the file's end, so a restart completes it unread.
      FileRetirer.Kept kept = retirer.keepAside(f.path(), f.identity());
      LOG.error("Source {}: file {} was read completely but could not be set aside ({}); it {}", name,
          f.path(), e.toString(), kept.description());
      if (kept.durable()) {
        progress.clear();
        counters.fileCompleted();
      }
      return;
    }
    progress.clear();
    counters.fileCompleted();
    truncationLogged = false;
    if (outcome.nameReused()) {
      LOG.error("Source {}: file {} re-used the name of a completed file; its events were delivered and it"
          + " was {} (spool directories need unique file names)", name, f.path(), outcome.description());
    } else {
      LOG.info("Source {}: completed {}, {}", name, f.path(), outcome.description());
    }
  }

  private void failCurrent(String reason) {
    Path path = current.path();
    closeCurrent();
    LOG.error("Source {}: file {} {}; {}; the source goes on with the other files", name, path, reason,
        failAside(path));
    try {
      progress.clear();
    } catch (IOException e) {
      LOG.warn("Source {}: could not clear progress file {}: {}", name, progress.path(), e.toString());
    }
  }

  /** Sets a bad file aside and counts it; returns what was done, for the caller's single log line. */
  private String failAside(Path path) {
    counters.fileFailed();
    counters.readFailed();
    truncationLogged = false;
    return retirer.fail(path);
  }

  private static String describe(IOException failure) {
    return failure instanceof DecodeFailure
        ? "cannot be decoded: " + failure.getMessage()
        : "could not be read: " + failure;
  }

  private void saveProgress(SpoolPosition end) {
    try {
      progress.save(new Progress(current.path().toAbsolutePath(), current.identity(), end));
    } catch (IOException e) {
      // The batch is committed; only a crash before the next save would repeat it.
      LOG.warn("Source {}: could not save progress to {}: {}", name, progress.path(), e.toString());
    }
  }

  private void lineTruncated(Path path, long offset) {
    counters.lineTruncated();
    if (!truncationLogged) {
      truncationLogged = true;
      LOG.warn("Source {}: file {} has a line longer than {} characters at offset {}; it was cut and the"
          + " rest of the line dropped (further cut lines in this file are only counted in"
          + " LinesTruncatedCount)", name, path, config.deserializer().maxLineLength(), offset);
    }
  }

  private void closeCurrent() {
    if (current == null) {
      return;
    }
    try {
      current.close();
    } catch (IOException e) {
      LOG.debug("close of {} failed: {}", current.path(), e.toString());
    }
    current = null;
  }

  @Override
  public void stop() {
    // An uncommitted batch is simply dropped: the progress file still points before it.
    pending = null;
    closeCurrent();
    LOG.info("Source {} stopped", name);
  }

  /** The runner waits pollDelay after every BACKOFF: the idle directory's polling interval. */
  @Override
  public long backoffSleepIncrement() {
    return config.pollDelay();
  }

  @Override
  public long maxBackoffSleep() {
    return config.pollDelay();
  }
}
