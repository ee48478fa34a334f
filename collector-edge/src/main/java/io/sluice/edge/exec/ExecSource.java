package io.sluice.edge.exec;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.EventDrivenSource;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command and turns every line of its stdout into one event (Flume's exec source).
 *
 * <p>Threads, all from the context's factory and all ended by {@link #stop()}: {@code exec} launches
 * the child, commits its lines ({@link LineBatcher}) and relaunches it; per child run,
 * {@code stdout} reads its output ({@link StdoutPump}) and, with {@code logStdErr}, {@code stderr}
 * logs its error output ({@link StdErrLogger}).
 *
 * <p>Unlike Flume, a full channel never kills the child or drops its lines: the refused batch is
 * retried with backoff and reading stops, so the pipe holds the child back. When the child exits,
 * what it wrote is committed first, then one line reports the exit code; with {@code restart} the
 * command is relaunched after {@code restartThrottle}, otherwise the source stays idle. A command
 * that cannot be started is reported once per attempt and retried the same way.
 *
 * <p>Thread-safe: start and stop come from the runtime, the rest runs on the source's threads.
 */
public final class ExecSource implements EventDrivenSource {
  private static final Logger LOG = LoggerFactory.getLogger(ExecSource.class);
  private static final long JOIN_MILLIS = 5000;

  private final String name;
  private final ExecSourceConfig config;
  private final ExecTimings timings;
  private final ChannelProcessor processor;
  private final ExecCounters counters;
  private final ThreadFactory execThreads;
  private final ThreadFactory stdoutThreads;
  private final ThreadFactory stderrThreads;
  private final StopSignal stop = new StopSignal();
  private final LineBatcher batcher;
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private ChildProcess child; // guarded by lock
  private Thread loop;

  ExecSource(String name, ExecSourceConfig config, ExecTimings timings, ChannelProcessor processor,
      ExecCounters counters, Function<String, ThreadFactory> threadFactories) {
    this.name = name;
    this.config = config;
    this.timings = timings;
    this.processor = processor;
    this.counters = counters;
    this.execThreads = threadFactories.apply("exec");
    this.stdoutThreads = threadFactories.apply("stdout");
    this.stderrThreads = threadFactories.apply("stderr");
    this.batcher = new LineBatcher(name, config, timings, processor, counters, stop);
  }

  @Override
  public void start() {
    counters.metrics.gauge("ExecChildRunning", () -> child().map(h -> h.isAlive() ? 1L : 0L).orElse(0L));
    counters.metrics.gauge("ExecChannelBlocked", () -> batcher.isBlocked() ? 1L : 0L);
    synchronized (lock) {
      loop = spawn(execThreads, this::runLoop);
    }
    LOG.info("Source {}: running {}", name, describe());
  }

  /** The running child, if any (for tests and the gauge). */
  Optional<ProcessHandle> child() {
    synchronized (lock) {
      return child == null ? Optional.empty() : Optional.of(child.handle());
    }
  }

  private void runLoop() {
    while (true) {
      ChildProcess c = launch();
      if (c == null && stop.isFired()) {
        return;
      }
      if (c != null) {
        int code = runChild(c);
        if (stop.isFired() || code == Integer.MIN_VALUE) {
          return;
        }
        counters.childExits.increment();
        LOG.info("Source {}: command {} exited with code {}; {}", name, describe(), code, whatNext("restarting it"));
      }
      if (!config.restart() || !stop.sleep(config.restartThrottleMillis())) {
        return;
      }
      counters.restarts.increment();
    }
  }

  /** Starts the child, or logs why it cannot; null when it did not start or the source is stopping. */
  private ChildProcess launch() {
    synchronized (lock) {
      if (stop.isFired()) {
        return null;
      }
      try {
        child = ChildProcess.launch(config.argv(), config.logStdErr());
        return child;
      } catch (IOException | RuntimeException e) {
        counters.startFailures.increment();
        LOG.error("Source {}: cannot start command {}: {}; {}", name, describe(), e.getMessage(),
            whatNext("trying again"));
        return null;
      }
    }
  }

  /**
   * Commits the child's output until its end, then waits for it to exit. Returns its exit code, or
   * Integer.MIN_VALUE when a stop interrupted this thread.
   */
  private int runChild(ChildProcess c) {
    Handoff handoff = new Handoff(config.batchSize());
    Thread out = spawn(stdoutThreads, new StdoutPump(name, c.stdout(), config, handoff, counters));
    Thread err = config.logStdErr()
        ? spawn(stderrThreads, new StdErrLogger(name, c.stderr(), config, counters, System::nanoTime))
        : null;
    try {
      batcher.deliverAll(handoff);
      if (Thread.currentThread().isInterrupted()) {
        return Integer.MIN_VALUE;
      }
      int code = c.waitFor();
      // Both readers end at the end of their pipe; one held open by an escaped grandchild is left
      // to stop(), which interrupts and reports it.
      join(out);
      join(err);
      return code;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Integer.MIN_VALUE;
    } finally {
      synchronized (lock) {
        child = null;
      }
    }
  }

  private String whatNext(String retry) {
    return config.restart()
        ? retry + " in " + config.restartThrottleMillis() + " ms (restartThrottle)"
        : "restart is false, so the source stays idle until it is stopped";
  }

  private String describe() {
    return "'" + config.command() + "'" + (config.shell() == null ? "" : " (shell " + config.shell() + ")");
  }

  @Override
  public void stop() {
    ChildProcess c;
    Thread l;
    synchronized (lock) {
      if (!stop.fire()) {
        return;
      }
      c = child;
      l = loop;
    }
    // Ending the child first lets the exec thread commit everything it wrote: the pipe's contents
    // stay readable after it exits, up to the end of output.
    if (c != null) {
      terminate(c);
    }
    long flushLeft = timings.stopFlushMillis() - TimeUnit.NANOSECONDS.toMillis(stop.nanosSinceFired());
    join(l, Math.max(0, flushLeft) + 1000);
    // Whatever still runs is waiting on something that will not come (a pipe an escaped
    // grandchild holds open): interrupt it; the batcher counts the lines it gives up.
    threads.forEach(Thread::interrupt);
    threads.forEach(t -> join(t, JOIN_MILLIS));
    threads.stream().filter(Thread::isAlive).forEach(t ->
        LOG.warn("Source {}: thread {} did not end within {} ms", name, t.getName(), JOIN_MILLIS));
    LOG.info("Source {} stopped", name);
  }

  private void terminate(ChildProcess c) {
    c.terminate();
    try {
      if (!c.awaitExit(timings.killGraceMillis())) {
        LOG.warn("Source {}: command {} did not exit within {} ms of being asked to; killing it", name,
            describe(), timings.killGraceMillis());
        c.kill();
      }
    } catch (InterruptedException e) {
      c.kill();
      Thread.currentThread().interrupt();
    }
  }

  private Thread spawn(ThreadFactory factory, Runnable task) {
    Thread[] self = new Thread[1];
    self[0] = factory.newThread(() -> {
      try {
        task.run();
      } finally {
        threads.remove(self[0]);
      }
    });
    threads.add(self[0]);
    self[0].start();
    return self[0];
  }

  private void join(Thread t) throws InterruptedException {
    if (t != null) {
      t.join(JOIN_MILLIS);
    }
  }

  private void join(Thread t, long millis) {
    if (t == null) {
      return;
    }
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
