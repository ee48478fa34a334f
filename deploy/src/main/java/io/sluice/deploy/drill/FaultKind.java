package io.sluice.deploy.drill;

import java.util.Arrays;
import java.util.List;

/** The faults a drill can inject ({@code --fault}). Immutable. */
public enum FaultKind {
  /** SIGKILL a node, start it again after {@code --down} seconds. */
  KILL("kill", true, true, false, null),
  /** SIGSTOP a node, SIGCONT it after {@code --down} seconds. */
  STOP("stop", true, true, false, null),
  /** Expire the ZooKeeper session of a node; it opens a new one by itself. */
  ZK_EXPIRE("zk-expire", true, false, false, null),
  /** Stop the ZooKeeper server, start it again (same port and data) after {@code --down} s. */
  ZK_STOP("zk-stop", false, false, true, "zookeeper"),
  /** Stop the NameNode, start it again (same port) after {@code --down} seconds. */
  NN_RESTART("nn-restart", false, false, true, "namenode"),
  /**
   * HDFS runs two NameNodes (HA): kill the active one and make the standby active; after
   * {@code --down} seconds the killed one starts again, as the standby.
   */
  NN_FAILOVER("nn-failover", false, false, false, "namenode"),
  /**
   * The log writers feeding the edges' TAILDIR sources rotate their files over and over (rename
   * and copytruncate alternately) for {@code --down} seconds.
   */
  ROTATE("rotate", false, false, true, "logs");

  private final String option;
  private final boolean hasTarget;
  private final boolean reroutes;
  private final boolean timedFromRestore;
  private final String service;

  FaultKind(String option, boolean hasTarget, boolean reroutes, boolean timedFromRestore,
      String service) {
    this.option = option;
    this.hasTarget = hasTarget;
    this.reroutes = reroutes;
    this.timedFromRestore = timedFromRestore;
    this.service = service;
  }

  /** The {@code --fault} spelling. */
  public String option() {
    return option;
  }

  /** Whether it hits one node ({@code --target}); otherwise a shared service. */
  public boolean hasTarget() {
    return hasTarget;
  }

  /** Whether edges must move their traffic away (so "time to reroute" means something). */
  public boolean reroutes() {
    return reroutes;
  }

  /** Whether its recovery time counts from the restore rather than from the fault. */
  public boolean timedFromRestore() {
    return timedFromRestore;
  }

  /** Whether it hits HDFS, so the drill follows the aggregators' HDFS sinks. */
  boolean hitsHdfs() {
    return this == NN_RESTART || this == NN_FAILOVER;
  }

  /** What the report calls a node-less fault's target. */
  String service() {
    return service;
  }

  /** What a node-less fault does, in words. */
  String serviceText() {
    return switch (this) {
      case ZK_STOP -> "stops the ZooKeeper server";
      case NN_RESTART -> "stops the NameNode";
      case NN_FAILOVER -> "kills the active NameNode and makes the standby active";
      case ROTATE -> "rotates both edges' log files";
      default -> "hits --target";
    };
  }

  static List<String> options() {
    return Arrays.stream(values()).map(FaultKind::option).toList();
  }

  /** @throws IllegalArgumentException listing the faults when {@code option} is none of them */
  static FaultKind parse(String option) {
    for (FaultKind k : values()) {
      if (k.option.equals(option)) {
        return k;
      }
    }
    throw new IllegalArgumentException("--fault is one of " + options() + ", not '" + option
        + "'");
  }
}
