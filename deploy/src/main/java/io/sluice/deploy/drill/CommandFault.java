package io.sluice.deploy.drill;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A fault on a cluster the drill does not own (named by {@code --zk}): the operator's
 * {@code --fault-command} and {@code --restore-command}, with the target member's {@code {id}},
 * {@code {host}}, {@code {pid}} and {@code {session}} filled in from its node in ZooKeeper at the
 * moment of the fault. For {@code kill} and {@code stop} of a member that runs on this machine and
 * announces its pid, the commands default to {@code kill -KILL|-STOP {pid}} and
 * {@code kill -CONT {pid}}, and act only on a pid that {@link SluiceProcess} accepts. Only ephemeral
 * member nodes are acted on (a live aggregator's node is always ephemeral). Not thread-safe.
 */
final class CommandFault implements Fault {
  private final FaultKind kind;
  private final String target;
  private final ZkObserver zk;
  private final Optional<CommandTemplate> faultCommand;
  private final Optional<CommandTemplate> restoreCommand;
  /** Whether the commands are the default signals by pid, checked again before each one. */
  private final boolean signalsByPid;
  private Map<String, String> values = Map.of();
  private java.time.Instant injectedNodeCreated = java.time.Instant.EPOCH;

  private CommandFault(FaultKind kind, String target, ZkObserver zk,
      Optional<CommandTemplate> faultCommand, Optional<CommandTemplate> restoreCommand,
      boolean signalsByPid) {
    this.signalsByPid = signalsByPid;
    this.kind = kind;
    this.target = target;
    this.zk = zk;
    this.faultCommand = faultCommand;
    this.restoreCommand = restoreCommand;
  }

  /**
   * Checks now, before any load, that the fault can be injected: the target is registered, and
   * either commands were given or the default signals can reach it.
   *
   * @throws IllegalArgumentException saying what is missing
   */
  static CommandFault check(DrillOptions.External e, FaultKind kind, String target, ZkObserver zk)
      throws IOException {
    Optional<CommandTemplate> inject = e.faultCommand().map(CommandTemplate::new);
    Optional<CommandTemplate> restore = e.restoreCommand().map(CommandTemplate::new);
    Map<String, String> values = Map.of();
    boolean signalsByPid = false;
    if (kind.hasTarget()) {
      ZkObserver.Registered r = zk.member(target).orElseThrow(() -> new IllegalArgumentException(
          "--target " + target + " is not registered under " + zk.members() + " (live: "
              + zk.memberIds() + ")"));
      notEphemeral(r, zk).ifPresent(why -> {
        throw new IllegalArgumentException(why);
      });
      values = values(r);
      boolean signals = kind == FaultKind.KILL || kind == FaultKind.STOP;
      if (signals && (inject.isEmpty() || kind == FaultKind.STOP && restore.isEmpty())) {
        String why = r.member().pid() == 0
            ? "its member node has no pid (an aggregator older than this drill)"
            : !isThisMachine(r.member().host())
                ? "it runs on " + r.member().host() + ", not on this machine"
                : SluiceProcess.refusal(r.member().pid(), target, r.created()).orElse(null);
        if (why != null) {
          throw new IllegalArgumentException("cannot signal " + target + ": " + why + "; give "
              + "--fault-command" + (kind == FaultKind.STOP ? " and --restore-command" : "")
              + ", e.g. 'ssh -- {host} kill -" + (kind == FaultKind.KILL ? "KILL" : "STOP")
              + " {pid}'");
        }
        // A default signal by pid on either side: the pid is checked again before each one.
        signalsByPid = true;
        String sig = kind == FaultKind.KILL ? "KILL" : "STOP";
        inject = Optional.of(inject.orElse(new CommandTemplate("kill -" + sig + " {pid}")));
        if (kind == FaultKind.STOP) {
          restore = Optional.of(restore.orElse(new CommandTemplate("kill -CONT {pid}")));
        }
      }
    }
    // Fail now on a placeholder without a value, not halfway through the drill.
    for (Optional<CommandTemplate> t : java.util.List.of(inject, restore)) {
      if (t.isPresent()) {
        t.get().expand(values);
      }
    }
    return new CommandFault(kind, target, zk, inject, restore, signalsByPid);
  }

  /** Why a node must not be acted on for not being ephemeral, or empty. */
  private static Optional<String> notEphemeral(ZkObserver.Registered r, ZkObserver zk) {
    return r.ephemeral() ? Optional.empty() : Optional.of("member node " + zk.members() + "/"
        + r.member().id() + " is not ephemeral (a live aggregator's always is); refusing to act on"
        + " it");
  }

  private static Map<String, String> values(ZkObserver.Registered r) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("id", r.member().id());
    v.put("host", r.member().host());
    if (r.member().pid() > 0) {
      v.put("pid", Long.toString(r.member().pid()));
    }
    v.put("session", "0x" + Long.toHexString(r.session()));
    return v;
  }

  /** Whether {@code host} names this machine (loopback, or one of its interfaces). */
  static boolean isThisMachine(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()
            || NetworkInterface.getByInetAddress(a) != null) {
          return true;
        }
      }
      return false;
    } catch (UnknownHostException | SocketException e) {
      return false;
    }
  }

  @Override
  public String inject() throws IOException, InterruptedException {
    if (kind.hasTarget()) {
      // Now, not at start: a restarted member has a new pid and session.
      ZkObserver.Registered r = zk.member(target).orElseThrow(() -> new IOException(
          target + " is no longer registered under " + zk.members()));
      Optional<String> refused = notEphemeral(r, zk).or(() -> signalsByPid
          ? SluiceProcess.refusal(r.member().pid(), target, r.created()) : Optional.empty());
      if (refused.isPresent()) {
        throw new IOException("not signalling " + target + ": " + refused.get());
      }
      values = values(r);
      injectedNodeCreated = r.created();
    }
    CommandTemplate c = faultCommand.orElseThrow();
    return ran(c, c.run(values));
  }

  @Override
  public String restore() throws IOException, InterruptedException {
    if (restoreCommand.isEmpty()) {
      return "nothing to undo: " + target + " opens a new session by itself";
    }
    CommandTemplate c = restoreCommand.get();
    if (signalsByPid && values.containsKey("pid")) {
      // The stopped process can have died since: never CONT a pid that is not it any more. Its
      // node may be gone (a stop outlasting the session): the process is checked, not the node.
      Optional<String> refused = SluiceProcess.refusal(Long.parseLong(values.get("pid")), target,
          injectedNodeCreated);
      if (refused.isPresent()) {
        throw new IOException("not signalling " + target + ": " + refused.get());
      }
    }
    return ran(c, c.run(values));
  }

  private String ran(CommandTemplate c, String output) {
    return "ran " + c.expand(values).shown() + (output.isEmpty() ? "" : " -> " + output.replace('\n', ' '));
  }
}
