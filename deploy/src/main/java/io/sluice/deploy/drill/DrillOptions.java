package io.sluice.deploy.drill;

import static io.sluice.deploy.OptionArgs.number;
import static io.sluice.deploy.OptionArgs.value;

import io.sluice.coordination.ZkSettings;
import io.sluice.deploy.quickstart.TierLocation;
import io.sluice.deploy.quickstart.EdgeLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sluice drill} options.
 *
 * @param fault what happens to the cluster
 * @param target the node: agg1, agg2, edge1 or edge2 on the quickstart cluster, an aggregator's
 *     member id with {@code --zk}; for a node-less fault the service's name (zookeeper, namenode)
 * @param atSeconds when the fault happens, from the start of the load
 * @param downSeconds how long until the fault is undone (restart, SIGCONT, server started again)
 * @param durationSeconds how long the load runs in all
 * @param rate events per second per edge
 * @param eventSize bytes per event
 * @param dir work directory (emptied first; made by a quickstart or a drill)
 * @param discovery edges find aggregators in ZooKeeper; false with {@code --static}
 * @param external present with {@code --zk}: the cluster is not the drill's own
 * @param tailed the edges run TAILDIR sources over log files that writer processes append to
 *     ({@code --source taildir}, implied by {@code --fault rotate}); else {@code demo} sources
 * @param rotateEvery during a {@code rotate} fault, how often each writer rotates its file
 */
public record DrillOptions(FaultKind fault, String target, long atSeconds, long downSeconds,
    long durationSeconds, int rate, int eventSize, Path dir, boolean discovery,
    Optional<External> external, boolean tailed, Duration rotateEvery) {

  /**
   * What the edges carry: TAILDIR over the logs of two writer processes (with {@code --source
   * taildir}, and always for {@code rotate}; they rotate only during the fault), else the
   * {@code demo} source.
   */
  public EdgeLoad load() {
    return tailed ? EdgeLoad.tailedLogs(rate, eventSize, Duration.ZERO)
        : EdgeLoad.demo(rate, eventSize);
  }

  /**
   * A cluster named by a ZooKeeper connect string ({@code --zk}).
   *
   * @param tier where its aggregators register
   * @param hdfsUrl the file system they write to ({@code --hdfs})
   * @param hdfsPath the directory read back, recursively ({@code --hdfs-path})
   * @param faultCommand shell command template injecting the fault ({@code --fault-command})
   * @param restoreCommand shell command template undoing it ({@code --restore-command})
   * @param settleSeconds how long to wait, after the load, for its last events to land
   */
  public record External(TierLocation tier, String hdfsUrl, String hdfsPath,
      Optional<String> faultCommand, Optional<String> restoreCommand, long settleSeconds) {}

  static final String USAGE = """
      usage: sluice drill [options]
        runs a paced load through two edges, injects one fault, reads back what landed in HDFS
        and reports (table; drill-report.html with the chart, drill-report.json,
        drill-chart.png); by default on the quickstart cluster (started and stopped by the
        drill), with --zk on a running cluster
            --fault F           kill       SIGKILL the target, restart it after --down seconds
                                stop       SIGSTOP the target, SIGCONT it after --down seconds
                                zk-expire  expire the target's ZooKeeper session
                                zk-stop    stop the ZooKeeper server for --down seconds
                                nn-restart stop the NameNode for --down seconds, then start it
                                nn-failover HDFS runs two NameNodes: kill the active one and
                                           make the standby active; start the killed one
                                           again (as the standby) after --down seconds
                                rotate     the edges' log writers rotate their files every
                                           --rotate-every ms for --down seconds, rename and
                                           copytruncate alternately (implies --source taildir)
                                (default kill)
            --target NODE       agg1, agg2, edge1 or edge2 (default agg1); with --zk an
                                aggregator's member id; not for zk-stop, nn-restart,
                                nn-failover, rotate
            --at SECS           when the fault happens (default 10)
            --down SECS         how long until it is undone (default 5)
            --duration SECS     length of the load (default 30)
            --rate N            events per second per edge (default 200)
            --event-size N      bytes per event (default 100)
            --source S          demo     the edges generate paced numbered events (default)
                                taildir  the edges tail log files that a writer process per
                                         edge appends the same events to
            --rotate-every MS   rotate: how often each log is rotated (default 1000)
            --dir DIR           work directory, emptied first (default ./drill-data)
            --static            edges list the aggregators' ports (no ZooKeeper discovery)
      a running cluster named by ZooKeeper (the drill runs only the two load edges):
            --zk HOSTS[/chroot] its ZooKeeper (default $SLUICE_ZK)
            --cluster NAME      the Sluice cluster (default $SLUICE_CLUSTER, else default)
            --base-path PATH    Sluice's root node (default /sluice)
            --tier TIER         the aggregators' tier (default aggregators)
            --hdfs URL          the file system the aggregators write to, e.g. hdfs://nn:8020
            --hdfs-path DIR     where they write the drill's events, read back recursively;
                                the narrower the cheaper (default /sluice)
            --fault-command T   shell command injecting the fault; {id}, {host}, {pid} and
                                {session} become the target member's id, advertised host,
                                process id and ZooKeeper session (0x...), shell-quoted.
                                kill/stop default to kill -KILL/-STOP {pid} when the member
                                runs on this machine; needed for zk-expire, zk-stop,
                                nn-restart, nn-failover
            --restore-command T shell command undoing it after --down seconds; needed for kill
                                (the drill cannot restart a process it does not own), zk-stop,
                                nn-restart and nn-failover; stop defaults to kill -CONT {pid}
            --settle SECS       how long to wait after the load for its last events to land
                                (default 120)
        -h, --help              this help
      exit code: 0 when no acknowledged event is missing, 1 otherwise, 2 for a usage error
      """;

  /** Whether the target is one of the drill's own edges (whose loss moves no traffic). */
  public boolean targetIsEdge() {
    return external.isEmpty() && target.startsWith("edge");
  }

  private static final List<String> EXTERNAL_ONLY = List.of("--cluster", "--base-path", "--tier",
      "--hdfs-path", "--fault-command", "--restore-command", "--settle");

  static DrillOptions parse(List<String> args) {
    return parse(args, System.getenv());
  }

  static DrillOptions parse(List<String> args, Map<String, String> env) {
    FaultKind fault = FaultKind.KILL;
    String target = null;
    long at = 10;
    long down = 5;
    long duration = 30;
    int rate = 200;
    int size = 100;
    Path dir = Path.of("drill-data");
    boolean discovery = true;
    String zk = null;
    String cluster = null;
    String basePath = ZkSettings.DEFAULT_BASE_PATH;
    String tier = "aggregators";
    String hdfs = null;
    String hdfsPath = "/sluice";
    String faultCommand = null;
    String restoreCommand = null;
    long settle = 120;
    String source = null;
    long rotateMillis = 1000;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--fault" -> fault = FaultKind.parse(value(args, ++i, a));
        case "--target" -> target = value(args, ++i, a);
        case "--at" -> at = number(value(args, ++i, a), a, 1);
        case "--down" -> down = number(value(args, ++i, a), a, 0);
        case "--duration" -> duration = number(value(args, ++i, a), a, 2);
        case "--rate" -> rate = (int) number(value(args, ++i, a), a, 1);
        case "--event-size" -> size = (int) number(value(args, ++i, a), a, 1);
        case "--dir" -> dir = Path.of(value(args, ++i, a));
        case "--static" -> discovery = false;
        case "--zk" -> zk = value(args, ++i, a);
        case "--cluster" -> cluster = value(args, ++i, a);
        case "--base-path" -> basePath = value(args, ++i, a);
        case "--tier" -> tier = value(args, ++i, a);
        case "--hdfs" -> hdfs = value(args, ++i, a);
        case "--hdfs-path" -> hdfsPath = value(args, ++i, a);
        case "--fault-command" -> faultCommand = value(args, ++i, a);
        case "--restore-command" -> restoreCommand = value(args, ++i, a);
        case "--settle" -> settle = number(value(args, ++i, a), a, 0);
        case "--source" -> source = oneOf(value(args, ++i, a), a, "demo", "taildir");
        case "--rotate-every" -> rotateMillis = number(value(args, ++i, a), a, 1);
        case "-h", "--help" -> throw new IllegalArgumentException((String) null);
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    if (at + down >= duration) {
      throw new IllegalArgumentException("--at + --down (" + (at + down)
          + " s) must end before --duration (" + duration + " s)");
    }
    if (fault == FaultKind.ROTATE && "demo".equals(source)) {
      throw new IllegalArgumentException("--fault rotate needs --source taildir: demo sources "
          + "have no log files to rotate");
    }
    boolean tailed = fault == FaultKind.ROTATE || "taildir".equals(source);
    Duration rotateEvery = Duration.ofMillis(rotateMillis);
    if (!fault.hasTarget()) {
      if (target != null) {
        throw new IllegalArgumentException("--fault " + fault.option() + " takes no --target (it "
            + fault.serviceText() + ")");
      }
      target = fault.service();
    }
    if (zk != null || hdfs != null) {
      return external(fault, target, at, down, duration, rate, size, dir, discovery, tailed,
          rotateEvery, new External(location(zk == null ? env.get("SLUICE_ZK") : zk, cluster, basePath, tier,
              env), required(hdfs, "--hdfs", "the file system the aggregators write to"),
              hdfsPath, Optional.ofNullable(faultCommand), Optional.ofNullable(restoreCommand),
              settle));
    }
    for (String only : EXTERNAL_ONLY) {
      if (args.contains(only)) {
        throw new IllegalArgumentException(only + " only applies to a cluster named by --zk");
      }
    }
    target = target == null ? "agg1" : target;
    if (fault.hasTarget()) {
      oneOf(target, "--target", "agg1", "agg2", "edge1", "edge2");
    }
    if (!discovery && (fault == FaultKind.ZK_EXPIRE || fault == FaultKind.ZK_STOP)) {
      throw new IllegalArgumentException("--fault " + fault.option() + " needs ZooKeeper "
          + "discovery: with --static no node uses ZooKeeper");
    }
    return new DrillOptions(fault, target, at, down, duration, rate, size, dir, discovery,
        Optional.empty(), tailed, rotateEvery);
  }

  private static DrillOptions external(FaultKind fault, String target, long at, long down,
      long duration, int rate, int size, Path dir, boolean discovery, boolean tailed,
      Duration rotateEvery, External e) {
    if (!discovery) {
      throw new IllegalArgumentException("--static does not apply with --zk: the drill's edges "
          + "discover the aggregators of the cluster");
    }
    if (target == null) {
      throw new IllegalArgumentException("--fault " + fault.option() + " with --zk needs "
          + "--target MEMBER: the id of an aggregator of tier '" + e.tier().tier() + "'");
    }
    String why = switch (fault) {
      case KILL -> e.restoreCommand().isEmpty()
          ? "needs --restore-command to start the target again (the drill cannot restart a "
              + "process it does not own), e.g. 'ssh {host} systemctl start sluice-aggregator'"
          : null;
      case STOP -> null; // SIGSTOP/SIGCONT of a local pid, or both commands (checked on start)
      case ZK_EXPIRE -> e.faultCommand().isEmpty()
          ? "needs --fault-command: a session can only be expired by its ZooKeeper server or "
              + "with its password, which only its owner has"
          : null;
      case ROTATE -> null; // the drill's own edges' logs: nothing of the cluster is touched
      case ZK_STOP, NN_RESTART, NN_FAILOVER -> e.faultCommand().isEmpty()
          || e.restoreCommand().isEmpty()
          ? "needs --fault-command and --restore-command (the drill does not own that "
              + (fault == FaultKind.ZK_STOP ? "ZooKeeper server" : "NameNode") + ")"
          : null;
    };
    if (why != null) {
      throw new IllegalArgumentException("--fault " + fault.option() + " on a cluster named by "
          + "--zk " + why + "; without --zk it runs on the quickstart cluster");
    }
    return new DrillOptions(fault, target, at, down, duration, rate, size, dir, true,
        Optional.of(e), tailed, rotateEvery);
  }

  private static TierLocation location(String zk, String cluster, String basePath, String tier,
      Map<String, String> env) {
    String connect = required(zk, "--zk", "the cluster's ZooKeeper (or set SLUICE_ZK)");
    String c = cluster != null ? cluster : env.getOrDefault("SLUICE_CLUSTER", "default");
    try {
      ZkSettings.of(connect, c).withBasePath(basePath).paths().members(tier);
    } catch (IllegalArgumentException bad) {
      throw new IllegalArgumentException(bad.getMessage());
    }
    return new TierLocation(connect, c, basePath, tier);
  }

  private static String required(String v, String option, String what) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("give " + option + ": " + what);
    }
    return v;
  }

  private static String oneOf(String v, String option, String... allowed) {
    if (List.of(allowed).contains(v)) {
      return v;
    }
    throw new IllegalArgumentException(option + " is one of " + List.of(allowed) + ", not '" + v
        + "'");
  }
}
