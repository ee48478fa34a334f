package io.sluice.deploy.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a pid read from a member node is the aggregator that node stands for, before the drill
 * signals it: the pid comes from ZooKeeper (anyone who can write there could name any process), and
 * a crashed aggregator's pid can be reused while its node waits for the session timeout. Stateless.
 */
final class SluiceProcess {
  static final String MAIN_CLASS = "io.sluice.deploy.SluiceMain";
  /** ZooKeeper's clock (the node's ctime) and ours may differ a little. */
  static final Duration CLOCK_SLACK = Duration.ofSeconds(5);

  private SluiceProcess() {}

  /**
   * Why the drill must not signal {@code pid} for this member, or empty when it may: the process
   * is alive, runs {@value #MAIN_CLASS}, belongs to this user and started before the member node.
   */
  static Optional<String> refusal(long pid, String memberId, Instant nodeCreated) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return Optional.of("process " + pid + " of member " + memberId + " is not running");
    }
    List<String> argv = commandLine(pid, h.get());
    if (!argv.contains(MAIN_CLASS)) {
      return Optional.of("process " + pid + " is not a Sluice agent (its command line does not run "
          + MAIN_CLASS + ")");
    }
    Optional<String> owner = h.get().info().user();
    String me = ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
    if (owner.isEmpty() || !owner.get().equals(me)) {
      return Optional.of("process " + pid + " belongs to " + owner.orElse("another user")
          + ", not to " + me);
    }
    Optional<Instant> started = h.get().info().startInstant();
    if (started.isPresent() && started.get().isAfter(nodeCreated.plus(CLOCK_SLACK))) {
      return Optional.of("process " + pid + " started at " + started.get() + ", after member "
          + memberId + "'s node was made (" + nodeCreated + "): the pid was reused");
    }
    return Optional.empty();
  }

  /** /proc's exact arguments where there is one; else what the JDK reports. */
  private static List<String> commandLine(long pid, ProcessHandle h) {
    Path proc = Path.of("/proc", Long.toString(pid), "cmdline");
    try {
      String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
      return List.of(raw.split("\0"));
    } catch (IOException e) {
      ProcessHandle.Info info = h.info();
      return info.arguments().map(List::of).orElse(List.of());
    }
  }
}
