package io.sluice.edge.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded queue between the thread reading one child's stdout and the thread committing its
 * lines. Being bounded is the point: when the channel refuses batches the queue fills, the reader
 * blocks, the OS pipe fills, and the child blocks in its write, so nothing is read that cannot be
 * held. One per child run; thread-safe.
 */
final class Handoff {
  // Identity-compared end marker; an instance field, so no static mutable state.
  private final byte[] end = new byte[0];
  private final BlockingQueue<byte[]> queue;

  Handoff(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Blocks while the queue is full. */
  void put(byte[] line) throws InterruptedException {
    queue.put(line);
  }

  /** Marks the end of the child's output; blocks while the queue is full. */
  void end() throws InterruptedException {
    queue.put(end);
  }

  /** The next line, waiting without limit; {@link #isEnd} tells the end marker. */
  byte[] take() throws InterruptedException {
    return queue.take();
  }

  /** The next line, or null after {@code nanos}. */
  byte[] poll(long nanos) throws InterruptedException {
    return queue.poll(nanos, TimeUnit.NANOSECONDS);
  }

  boolean isEnd(byte[] line) {
    return line == end;
  }

  /** Removes and returns the lines still queued (the end marker excluded). */
  List<byte[]> drain() {
    List<byte[]> out = new ArrayList<>();
    queue.drainTo(out);
    out.removeIf(this::isEnd);
    return out;
  }
}
