package io.sluice.aggregator.hdfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs HDFS calls on the sink's own pool ({@code hdfs.threadsPoolSize} threads) and waits at most
 * {@code hdfs.callTimeout} for each, so a hung NameNode or DataNode cannot hold the caller. A call
 * that times out is interrupted and reported as an {@link IOException} naming what it was doing;
 * its pool thread is freed when Hadoop's own timeouts end the call. Each call runs as the sink's
 * {@link HdfsUser}. Thread-safe.
 */
public final class HdfsCalls implements AutoCloseable {
  private final ExecutorService pool;
  private final long timeoutMillis;
  private final HdfsUser user;

  public HdfsCalls(int threads, ThreadFactory threadFactory, long timeoutMillis) {
    this(threads, threadFactory, timeoutMillis, HdfsUser.PROCESS);
  }

  /** Every call runs as {@code user} (a Kerberos login's {@code doAs}). */
  HdfsCalls(int threads, ThreadFactory threadFactory, long timeoutMillis, HdfsUser user) {
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), threadFactory);
    this.timeoutMillis = timeoutMillis;
    this.user = user;
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** Runs one call; {@code what} names it in errors, e.g. "close of hdfs://nn/x/a.1.tmp". */
  public <T> T call(String what, Callable<T> call) throws IOException {
    return all(what, List.of(call)).get(0);
  }

  /**
   * Runs calls in parallel and waits for all of them, together bounded by the call timeout; the
   * first failure is thrown (after the others finished or timed out), the rest are suppressed.
   */
  public <T> List<T> all(String what, List<? extends Callable<T>> calls) throws IOException {
    List<Future<T>> futures = new ArrayList<>(calls.size());
    for (Callable<T> c : calls) {
      futures.add(pool.submit(user.wrap(c)));
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    List<T> results = new ArrayList<>(calls.size());
    IOException failure = null;
    for (Future<T> f : futures) {
      try {
        results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        f.cancel(true);
        failure = merge(failure, new IOException(what + " did not finish within hdfs.callTimeout = "
            + timeoutMillis + " ms"));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        failure = merge(failure, cause instanceof IOException io ? io
            : new IOException(what + " failed: " + cause, cause));
      } catch (InterruptedException e) {
        futures.forEach(x -> x.cancel(true));
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(what + " interrupted");
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  /** The result of one of several calls: a value, or the failure (including a timeout). */
  public record Outcome<T>(T value, IOException failure) {}

  /**
   * Runs calls in parallel, each bounded by the call timeout from now, and reports each one's
   * outcome; a call that timed out is interrupted.
   */
  public <T> List<Outcome<T>> each(String what, List<? extends Callable<T>> calls)
      throws InterruptedIOException {
    List<Future<T>> futures = new ArrayList<>(calls.size());
    for (Callable<T> c : calls) {
      futures.add(pool.submit(user.wrap(c)));
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    List<Outcome<T>> out = new ArrayList<>(calls.size());
    for (Future<T> f : futures) {
      try {
        out.add(new Outcome<>(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS),
            null));
      } catch (TimeoutException e) {
        f.cancel(true);
        out.add(new Outcome<>(null, new IOException(what + " did not finish within "
            + "hdfs.callTimeout = " + timeoutMillis + " ms")));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        out.add(new Outcome<>(null, cause instanceof IOException io ? io
            : new IOException(what + " failed: " + cause, cause)));
      } catch (InterruptedException e) {
        futures.forEach(x -> x.cancel(true));
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(what + " interrupted");
      }
    }
    return out;
  }

  private static IOException merge(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /** Interrupts running calls and stops the pool's threads. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
