package io.sluice.edge.exec;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One launch of the command: the OS process and its pipes. Stdin stays an open pipe that is never
 * written (as in Flume, so a command reading stdin waits rather than seeing end of input) and is
 * closed on termination. Stderr is a pipe only when it is logged; otherwise it goes to the null
 * device, so the child can never block on it and no thread is needed to drain it.
 *
 * <p>Termination reaches the child's descendants too: killing only {@code sh} of
 * {@code sh -c 'tail -F f | grep x'} would leave {@code tail} and {@code grep} running and holding
 * the stdout pipe open, so the source would never see end of output. Thread-safe.
 */
final class ChildProcess {
  private final Process process;
  private final List<ProcessHandle> family = new ArrayList<>();

  private ChildProcess(Process process) {
    this.process = process;
  }

  static ChildProcess launch(List<String> argv, boolean pipeStderr) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv)
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectOutput(ProcessBuilder.Redirect.PIPE)
        .redirectError(pipeStderr ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
    return new ChildProcess(pb.start());
  }

  InputStream stdout() {
    return process.getInputStream();
  }

  InputStream stderr() {
    return process.getErrorStream();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the child to exit and returns its exit code (128 + signal when killed). */
  int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** Closes stdin and asks the child and its descendants to exit (SIGTERM on POSIX). */
  void terminate() {
    closeStdin();
    List<ProcessHandle> snapshot;
    synchronized (family) {
      // Descendants are found through the child, so they must be listed before it dies.
      process.descendants().forEach(family::add);
      snapshot = List.copyOf(family);
    }
    // Through the handle, not Process.destroy(): that also closes our end of stdout, and the lines
    // still in the pipe would be lost instead of committed.
    process.toHandle().destroy();
    snapshot.forEach(ProcessHandle::destroy);
  }

  /** Waits up to {@code millis} for the child to exit; true if it has. */
  boolean awaitExit(long millis) throws InterruptedException {
    try {
      process.onExit().get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    }
  }

  /** Kills the child and every descendant seen so far that is still alive. */
  void kill() {
    List<ProcessHandle> snapshot;
    synchronized (family) {
      process.descendants().forEach(family::add);
      snapshot = List.copyOf(family);
    }
    process.toHandle().destroyForcibly();
    snapshot.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The child may already be gone; nothing to do.
    }
  }
}
