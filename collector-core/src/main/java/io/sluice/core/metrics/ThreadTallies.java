package io.sluice.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Counts and a sum kept per recording thread, merged when read. Each thread adds to its own
 * {@link Cell} with a plain load and an opaque store per slot: no compare-and-swap and no cache
 * line written by two threads, so threads recording at once (four I/O threads committing on two
 * cores) never wait on each other, which the striped adders this replaces still did once their
 * cells were shared. A reader sums every cell; the cells of threads that have ended are folded into
 * one retired tally by the next read, so a pool that replaces its threads does not grow the list.
 * A read may see one thread's observation half added (its count before its sum); the next read is
 * exact again. Thread-safe.
 */
final class ThreadTallies {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

  /** Counts and sum added up over every cell at one moment. */
  record Merged(long[] counts, double sum) {}

  private final int size;
  private final ConcurrentLinkedQueue<Cell> cells = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<Cell> mine = ThreadLocal.withInitial(this::register);
  // Cells of ended threads, added up; guarded by this object's lock, as is retiring a cell.
  private final long[] retired;
  private double retiredSum;

  ThreadTallies(int size) {
    this.size = size;
    this.retired = new long[size];
  }

  /** The calling thread's cell: only that thread may add to it. */
  Cell mine() {
    return mine.get();
  }

  private Cell register() {
    Cell c = new Cell(size, Thread.currentThread());
    cells.add(c);
    return c;
  }

  /** Every cell added up, the retired ones included. */
  synchronized Merged merge() {
    long[] counts = retired.clone();
    double sum = retiredSum;
    for (Iterator<Cell> it = cells.iterator(); it.hasNext(); ) {
      Cell c = it.next();
      // Asked before reading: seeing a thread ended orders its last writes before our reads.
      boolean ended = !c.ownerAlive();
      for (int i = 0; i < size; i++) {
        long n = c.count(i);
        counts[i] += n;
        if (ended) {
          retired[i] += n;
        }
      }
      double s = c.sum();
      sum += s;
      if (ended) {
        retiredSum += s;
        it.remove();
      }
    }
    return new Merged(counts, sum);
  }

  /** One thread's slots: written by that thread only, read by any. */
  static final class Cell {
    private final long[] counts;
    private final long[] sumBits = new long[1];
    private final WeakReference<Thread> owner;

    private Cell(int size, Thread owner) {
      this.counts = new long[size];
      this.owner = new WeakReference<>(owner);
    }

    /** Adds {@code n} to slot {@code i}; by the owning thread only. */
    void add(int i, long n) {
      SLOT.setOpaque(counts, i, counts[i] + n);
    }

    /** Adds {@code value} to the sum; by the owning thread only. */
    void addSum(double value) {
      double next = Double.longBitsToDouble(sumBits[0]) + value;
      SLOT.setOpaque(sumBits, 0, Double.doubleToRawLongBits(next));
    }

    private long count(int i) {
      return (long) SLOT.getOpaque(counts, i);
    }

    private double sum() {
      return Double.longBitsToDouble((long) SLOT.getOpaque(sumBits, 0));
    }

    private boolean ownerAlive() {
      Thread t = owner.get();
      return t != null && t.isAlive();
    }
  }
}
