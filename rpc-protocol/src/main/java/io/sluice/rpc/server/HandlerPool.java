package io.sluice.rpc.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixed set of threads that run handler calls. A submitted task wakes the worker that went
 * idle last (its caches are still warm and, on a small machine, its core often still awake);
 * a busy worker takes the next task itself when it finishes, without a wake-up. Unlike a
 * {@code ThreadPoolExecutor} on a {@code LinkedBlockingQueue}, submitting takes no lock and wakes
 * no one when nobody is idle. The number of queued tasks is bounded by the caller. Thread-safe.
 */
final class HandlerPool {
  private static final Logger LOG = LoggerFactory.getLogger(HandlerPool.class);

  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  HandlerPool(int size, ThreadFactory threadFactory) {
    for (int i = 0; i < size; i++) {
      Worker w = new Worker();
      Thread t = threadFactory.newThread(w);
      w.thread = t;
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /** Queues a task for the next free worker. */
  void execute(Runnable task) {
    if (stopping) {
      throw new RejectedExecutionException("handler pool is stopping");
    }
    tasks.add(task);
    if (stopping && tasks.remove(task)) {
      throw new RejectedExecutionException("handler pool is stopping");
    }
    // Entries of workers that stopped idling meanwhile are dropped on the way.
    for (Worker w = idle.pollFirst(); w != null; w = idle.pollFirst()) {
      if (w.claim()) {
        LockSupport.unpark(w.thread);
        return;
      }
    }
  }

  /**
   * Stops taking new tasks, lets the workers finish what is queued, and interrupts those still
   * running after {@code timeoutMillis}.
   */
  void shutdown(long timeoutMillis) throws InterruptedException {
    stopping = true;
    for (Thread t : threads) {
      LockSupport.unpark(t);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        t.interrupt();
      }
    }
  }

  private final class Worker implements Runnable {
    // True while this worker is listed as idle and unclaimed; whoever flips it owns the episode
    // (a submitter to wake it, or the worker itself to go back to work).
    private final AtomicBoolean idling = new AtomicBoolean();
    private Thread thread;

    boolean claim() {
      return idling.compareAndSet(true, false);
    }

    @Override
    public void run() {
      while (true) {
        Runnable task = tasks.poll();
        if (task != null) {
          runSafely(task);
        } else if (stopping) {
          return;
        } else {
          awaitTask();
        }
      }
    }

    private void awaitTask() {
      idling.set(true);
      idle.addFirst(this);
      // A task queued before we were visible as idle woke no one: look again before sleeping.
      if (!tasks.isEmpty() || stopping) {
        if (claim()) {
          idle.remove(this);
        }
        return;
      }
      while (idling.get() && !stopping) {
        LockSupport.park(this);
        if (!stopping) {
          Thread.interrupted(); // an interrupt must not turn this wait into a spin
        }
      }
    }

    private void runSafely(Runnable task) {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.error("Handler task failed", e);
      } finally {
        // A task that restored an interrupt would otherwise make every later park return at once.
        if (!stopping) {
          Thread.interrupted();
        }
      }
    }
  }
}
