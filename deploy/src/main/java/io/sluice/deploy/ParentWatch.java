package io.sluice.deploy;

import io.sluice.core.runtime.NamedThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sluice agent --exit-with-parent}: ends the JVM, through its shutdown hooks (so the agent
 * leaves its tier, drains and stops as on SIGTERM), once standard input reaches its end. A launcher
 * that starts agents as child processes keeps their standard input open as a pipe; when the
 * launcher exits for any reason, SIGKILL included, the kernel closes that pipe, so no agent
 * outlives the launcher that started it. Owns one daemon thread, blocked reading.
 */
final class ParentWatch {
  private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);

  private ParentWatch() {}

  /** Starts watching {@code in}; call after the shutdown hook that stops the agent is in place. */
  static void exitWhenInputEnds(InputStream in, String agent) {
    new NamedThreadFactory(agent + "-parent-watch", true).newThread(() -> {
      try {
        while (in.read() >= 0) {
          // the launcher never writes: anything read is ignored
        }
        // Also when the launcher stops us with SIGTERM (Java closes a child's pipes then): the
        // shutdown has begun already, and this exit just waits for it.
        LOG.info("Standard input closed: the launcher of agent {} exited or is stopping it", agent);
      } catch (IOException e) {
        LOG.info("Standard input failed ({}): the launcher of agent {} exited or is stopping it",
            e, agent);
      }
      System.exit(0);
    }).start();
  }
}
