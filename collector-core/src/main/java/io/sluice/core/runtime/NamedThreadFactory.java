package io.sluice.core.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes threads named {@code <prefix>-<n>}; an uncaught exception is logged with the thread name
 * instead of vanishing on stderr.
 */
public final class NamedThreadFactory implements ThreadFactory {
  private static final Logger LOG = LoggerFactory.getLogger(NamedThreadFactory.class);
  private final String prefix;
  private final boolean daemon;
  private final AtomicInteger next = new AtomicInteger(1);

  public NamedThreadFactory(String prefix, boolean daemon) {
    this.prefix = prefix;
    this.daemon = daemon;
  }

  public NamedThreadFactory(String prefix) {
    this(prefix, true);
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + next.getAndIncrement());
    t.setDaemon(daemon);
    t.setUncaughtExceptionHandler((th, ex) -> LOG.error("Thread {} died", th.getName(), ex));
    return t;
  }
}
