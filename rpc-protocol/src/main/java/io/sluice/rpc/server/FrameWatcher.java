package io.sluice.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Lets a handler thread that has just answered a call on a plain connection wait briefly for that
 * connection's next frame and read it itself, while the connection's I/O thread has stopped
 * reading it. A client that got its answer usually sends its next batch within microseconds;
 * read this way, the call costs two thread wake-ups (client to handler, handler to client) instead
 * of three, and a commit still never runs on an I/O thread. Only a whole frame is returned, of
 * one buffer (Sluice's clients) or several (Flume's send 8 KB ones), at most {@link
 * #MAX_WATCHED_BUFFERS} of them and {@link #MAX_WATCHED_FRAME} bytes counted as the pipeline
 * counts them (buffers and their lengths); whatever else arrives is handed back untouched, for the
 * pipeline to decode with its usual limits and errors.
 *
 * <p>Each handler thread waits on a selector of its own, opened on first use and closed by
 * {@link #close()}. Thread-safe.
 */
final class FrameWatcher implements AutoCloseable {
  /** Frame header: call serial, buffer count, length of the first buffer. */
  static final int HEADER_BYTES = 12;
  /** Larger frames are left to the pipeline: their per-call cost is small next to their size. */
  static final int MAX_WATCHED_FRAME = 1 << 20;
  /** Frames of more buffers are left to the pipeline (Flume's clients send 8 KB buffers). */
  static final int MAX_WATCHED_BUFFERS = MAX_WATCHED_FRAME / 8192;
  private static final int SERIAL_AND_COUNT = 8;
  private static final int LENGTH = 4;
  private static final int READ_CHUNK = 64 * 1024;

  private final long waitMillis;
  private final long spinNanos;
  private final AtomicInteger openWatches = new AtomicInteger();
  private final List<Selector> selectors = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Selector> threadSelector = new ThreadLocal<>();
  private final LongAdder framesRead = new LongAdder();
  private final LongAdder watches = new LongAdder();
  private final LongAdder spinSpells = new LongAdder();
  private final LongAdder caughtSpinning = new LongAdder();
  private volatile boolean closed;

  /**
   * @param waitMillis how long one wait for bytes lasts before the watch ends
   * @param spinNanos how long a lone watch polls for the next frame before it sleeps; 0 never
   */
  FrameWatcher(long waitMillis, long spinNanos) {
    this.waitMillis = waitMillis;
    this.spinNanos = spinNanos;
  }

  /** Frames read by handler threads so far. */
  long framesRead() {
    return framesRead.sum();
  }

  /** Times a watch polled for the next frame instead of sleeping. */
  long spinSpells() {
    return spinSpells.sum();
  }

  /** Frames (or other bytes) whose first bytes a polling watch caught. */
  long framesCaughtSpinning() {
    return caughtSpinning.sum();
  }

  /** Watches started so far. */
  long watches() {
    return watches.sum();
  }

  /**
   * Starts watching {@code socket} from the calling thread.
   *
   * @throws IOException when the socket is closed or no selector could be opened
   */
  Watch watch(SocketChannel socket, ByteBufAllocator alloc) throws IOException {
    if (closed) {
      throw new IOException("the server is stopping");
    }
    Selector selector = threadSelector.get();
    if (selector == null) {
      selector = Selector.open();
      threadSelector.set(selector);
      selectors.add(selector);
      if (closed) {
        selector.close(); // lost a race with close(): do not leave it open
        throw new IOException("the server is stopping");
      }
    }
    Watch watch =
        new Watch(socket, selector, socket.register(selector, SelectionKey.OP_READ), alloc);
    watches.increment();
    openWatches.incrementAndGet();
    return watch;
  }

  @Override
  public void close() {
    closed = true;
    for (Selector s : selectors) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing is best effort; the JVM releases the descriptor at exit
      }
    }
  }

  /** One watch of one connection by one thread. Not thread-safe. */
  final class Watch implements AutoCloseable {
    private final SocketChannel socket;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBufAllocator alloc;
    private boolean closed;

    private Watch(SocketChannel socket, Selector selector, SelectionKey key,
        ByteBufAllocator alloc) {
      this.socket = socket;
      this.selector = selector;
      this.key = key;
      this.alloc = alloc;
    }

    /**
     * Reads the next frame if it is at most {@code maxFrameBytes} (and {@link #MAX_WATCHED_FRAME})
     * long, of at most {@link #MAX_WATCHED_BUFFERS} buffers, and arrives with no pause longer
     * than the wait, before {@code deadlineNanos} and while {@code yieldNow} is false; never
     * reads past it, and grows its buffer a chunk at a time as bytes arrive. The caller owns the
     * returned buffer.
     *
     * <p>Until the frame starts, a watch that is the only one open polls the socket for up to the
     * spin time while {@code othersBusy} stays false, and only then sleeps on its selector: a
     * client with one connection sends its next batch within microseconds of its answer, and
     * catching it awake spares the handler's wake-up, the largest cost left in such a call.
     * When other connections are served, their threads need the CPU more.
     *
     * @return the frame (header included), or what was read of something else (possibly
     *     nothing: an empty buffer) when the watch should end: a pause, the deadline, others
     *     waiting, the end of the stream (the I/O thread then reads it again and closes), a
     *     large frame, or bytes the pipeline refuses ({@code unsupported}: do not watch again)
     * @throws IOException when the connection is closed or broken
     */
    Outcome next(int maxFrameBytes, long deadlineNanos, BooleanSupplier yieldNow,
        BooleanSupplier othersBusy) throws IOException {
      int limit = Math.min(maxFrameBytes, MAX_WATCHED_FRAME);
      // Never grown past the largest frame it may return, whatever a length claims.
      ByteBuf buf = alloc.buffer(HEADER_BYTES, SERIAL_AND_COUNT + limit);
      try {
        if (spinNanos > 0 && poll(buf, deadlineNanos, yieldNow, othersBusy) < 0) {
          return rest(buf, false);
        }
        // The frame: serial, buffer count, then each buffer's length and bytes. Reads go up to
        // the next length field at most, so nothing past the frame is read; the first takes the
        // serial, the count and the first length at once (only an empty frame is shorter, and
        // the pipeline refuses those).
        int end = HEADER_BYTES; // bytes known to belong to the frame
        int buffersLeft = -1; // unknown until the count has arrived
        while (true) {
          if (buf.readableBytes() >= end) {
            if (buffersLeft < 0) {
              int count = buf.getInt(4);
              if (count < 1) {
                return rest(buf, true); // not a call: the pipeline refuses it
              }
              if (count > MAX_WATCHED_BUFFERS) {
                return rest(buf, false); // a large frame: the pipeline's, as are its limits
              }
              buffersLeft = count;
            } else if (buffersLeft == 0) {
              break;
            } else {
              int length = buf.getInt(end - LENGTH);
              if (length < 0) {
                return rest(buf, true); // the pipeline refuses it
              }
              buffersLeft--;
              long next = (long) end + length + (buffersLeft > 0 ? LENGTH : 0);
              if (next - SERIAL_AND_COUNT > limit) {
                return rest(buf, false); // a large frame: the pipeline's, as are its limits
              }
              end = (int) next;
            }
            continue;
          }
          int want = Math.min(READ_CHUNK, end - buf.readableBytes());
          // A chunk at a time as bytes arrive: a length is only a claim. A thread holds one such
          // buffer at a time, and a partial frame is handed back compacted.
          buf.ensureWritable(want);
          int n = buf.writeBytes(socket, want);
          if (n < 0) {
            return rest(buf, false);
          }
          if (n == 0 && (yieldNow.getAsBoolean() || !awaitBytes(deadlineNanos))) {
            return rest(buf, false);
          }
        }
        framesRead.increment();
        return new Outcome(buf, null, false);
      } catch (Throwable t) {
        buf.release();
        throw t;
      }
    }

    /**
     * Polls for the first bytes of the next frame, reading at most its header into {@code buf},
     * while this is the only open watch, nothing else is busy and the spin time lasts.
     *
     * @return bytes read: 0 when the spell ended without any, -1 at the end of the stream
     */
    private int poll(ByteBuf buf, long deadlineNanos, BooleanSupplier yieldNow,
        BooleanSupplier othersBusy) throws IOException {
      long end = Math.min(System.nanoTime() + spinNanos, deadlineNanos);
      if (!mayPoll(end, yieldNow, othersBusy)) {
        return 0;
      }
      spinSpells.increment();
      do {
        int n = buf.writeBytes(socket, HEADER_BYTES);
        if (n != 0) {
          if (n > 0) {
            caughtSpinning.increment();
          }
          return n;
        }
        Thread.onSpinWait();
      } while (mayPoll(end, yieldNow, othersBusy));
      return 0;
    }

    private boolean mayPoll(long end, BooleanSupplier yieldNow, BooleanSupplier othersBusy) {
      return System.nanoTime() - end < 0 && openWatches.get() == 1 && !yieldNow.getAsBoolean()
          && !othersBusy.getAsBoolean();
    }

    /** Hands back what was read, in a buffer no larger than needed. */
    private Outcome rest(ByteBuf buf, boolean unsupported) {
      if (buf.capacity() <= 2 * buf.readableBytes() + 64) {
        return new Outcome(null, buf, unsupported);
      }
      ByteBuf compact = alloc.buffer(buf.readableBytes());
      try {
        compact.writeBytes(buf);
      } finally {
        buf.release();
      }
      return new Outcome(null, compact, unsupported);
    }

    /** Waits up to the wait (and no later than the deadline) for bytes to read. */
    private boolean awaitBytes(long deadlineNanos) throws IOException {
      long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      if (left < 1) {
        return false;
      }
      int ready = selector.select(Math.min(waitMillis, left));
      selector.selectedKeys().clear();
      return ready > 0;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      openWatches.decrementAndGet();
      key.cancel();
      try {
        selector.selectNow(); // deregisters now, so the socket may close and be watched again
      } catch (IOException ignored) {
        // the selector is closing with the server
      }
    }
  }

  /**
   * The payload of a whole frame returned by {@link Watch#next}: its buffers joined, without
   * their lengths and without copying. The caller releases it (and, separately, the frame).
   */
  static ByteBuf payload(ByteBuf frame) {
    int count = frame.getInt(4);
    int at = SERIAL_AND_COUNT;
    if (count == 1) {
      return frame.retainedSlice(at + LENGTH, frame.getInt(at));
    }
    ByteBuf[] parts = new ByteBuf[count];
    try {
      for (int i = 0; i < count; i++) {
        int length = frame.getInt(at);
        parts[i] = frame.retainedSlice(at + LENGTH, length);
        at += LENGTH + length;
      }
    } catch (RuntimeException e) {
      for (ByteBuf part : parts) {
        if (part != null) {
          part.release();
        }
      }
      throw e;
    }
    return Unpooled.wrappedBuffer(count, parts);
  }

  /**
   * What one {@link Watch#next} found: a whole {@code frame}, or the {@code rest} to hand back to
   * the pipeline; {@code unsupported} when the rest holds bytes the pipeline refuses (not
   * worth watching the connection again).
   */
  record Outcome(ByteBuf frame, ByteBuf rest, boolean unsupported) {}
}
