package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * One batch's events for one bucket, written on the I/O pool: append each event to the bucket's
 * file, rolling to a new file when the roll policy says so (the finished file is flushed first),
 * then flush ({@code hflush}, or {@code hsync}) the file being written. The finished files and any
 * file left broken by a failure are given back for closing.
 *
 * <p>Ownership of the files passes to this task while it runs. If the caller stops waiting (call
 * timeout) it {@link #abandon abandons} the task; whichever of the two ends last hands every file
 * the task holds to the closer, so no file is left open. Thread-safe in that hand-over only.
 */
final class BucketWrite implements Callable<BucketWrite> {
  private final String bucket;
  private final String directory;
  private final String prefix;
  private final List<Event> events = new ArrayList<>();
  private final BucketFile start;

  private BucketFile current;
  private final List<BucketFile> finished = new ArrayList<>();
  private IOException failure;
  private boolean done;
  private boolean abandoned;
  private boolean started;

  BucketWrite(String bucket, String directory, String prefix, BucketFile start) {
    this.bucket = bucket;
    this.directory = directory;
    this.prefix = prefix;
    this.start = start;
  }

  void add(Event e) {
    events.add(e);
  }

  String bucket() {
    return bucket;
  }

  /** Context shared by all the bucket writes of a sink. */
  record Env(FileOpener opener, RollPolicy roll, boolean hsync, int minBlockReplicas,
      Consumer<BucketFile> closer, long now) {}

  private Env env;

  BucketWrite with(Env e) {
    this.env = e;
    return this;
  }

  @Override
  public BucketWrite call() {
    synchronized (this) {
      if (abandoned) { // timed out while queued: the file was already given back
        done = true;
        return this;
      }
      started = true;
    }
    BucketFile f = start;
    boolean underReplicated = false;
    try {
      for (Event e : events) {
        if (f != null && mustRoll(f)) {
          underReplicated = f.rollRequested();
          f.flush(env.hsync());
          finished.add(f);
          f = null;
        }
        if (f == null) {
          f = env.opener().open(bucket, directory, prefix, env.now(), underReplicated);
        }
        f.append(e, env.now());
      }
      f.flush(env.hsync());
      if (f.underReplicated(env.minBlockReplicas())) {
        f.requestRoll();
      }
    } catch (IOException | RuntimeException e) {
      failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
    }
    current = f;
    synchronized (this) {
      done = true;
      if (abandoned) {
        handOverAll();
      }
    }
    return this;
  }

  private boolean mustRoll(BucketFile f) {
    return f.rollRequested() || env.roll().isFull(f.events(), f.bytes())
        || env.roll().isExpired(f.openedAt(), env.now());
  }

  /** The caller gave up waiting: the task's files go to the closer once it ends. */
  synchronized void abandon() {
    if (abandoned) {
      return;
    }
    abandoned = true;
    if (!started) { // cancelled before it ran: it never will
      current = start;
      handOverAll();
    } else if (done) {
      handOverAll();
    }
  }

  private void handOverAll() {
    finished.forEach(env.closer());
    finished.clear();
    if (current != null) {
      env.closer().accept(current);
      current = null;
    }
  }

  /** After success: the file to keep writing. */
  BucketFile current() {
    return current;
  }

  /** Files finished during the write, flushed, to be closed. */
  List<BucketFile> finished() {
    return finished;
  }

  /** Null on success. On failure {@link #current()} is the broken file (or null), to be closed. */
  IOException failure() {
    return failure;
  }

  int size() {
    return events.size();
  }
}
