package io.sluice.rpc;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.ThreadFactory;

/**
 * Makes the RPC layer's threads Netty {@link FastThreadLocalThread}s, named and set up by a given
 * factory. Netty keeps its per-thread buffer caches in fast thread-locals, which on any other
 * thread class fall back to a {@code ThreadLocal} lookup on every buffer allocated and released:
 * several percent of the CPU on a busy connection.
 */
public final class FastThreads {
  private FastThreads() {}

  /**
   * A factory whose threads take their name, daemon flag, priority and failure handler from
   * {@code named} (a wrapper it puts around the task is not kept).
   */
  public static ThreadFactory from(ThreadFactory named) {
    return task -> {
      Thread model = named.newThread(task);
      if (model == null || model instanceof FastThreadLocalThread) {
        return model;
      }
      // Never started: it only lends its name and settings.
      Thread t = new FastThreadLocalThread(task, model.getName());
      t.setDaemon(model.isDaemon());
      t.setPriority(model.getPriority());
      if (model.getUncaughtExceptionHandler() != model.getThreadGroup()) {
        t.setUncaughtExceptionHandler(model.getUncaughtExceptionHandler());
      }
      return t;
    };
  }
}
