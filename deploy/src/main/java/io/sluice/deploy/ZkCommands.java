package io.sluice.deploy;

import io.sluice.api.config.ConfigException;
import io.sluice.coordination.AgentConfigStore;
import io.sluice.coordination.Member;
import io.sluice.coordination.MembershipQuery;
import io.sluice.coordination.Topology;
import io.sluice.coordination.TopologyCodec;
import io.sluice.coordination.TopologyStore;
import io.sluice.coordination.TopologyVersion;
import io.sluice.coordination.VersionConflictException;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.coordination.ZkUnavailableException;
import io.sluice.deploy.status.StatusCommand;
import io.sluice.deploy.status.TopCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;

/**
 * The operator commands on ZooKeeper: {@code topology push|show|history|rollback},
 * {@code members}, {@code config push}, {@code status} and {@code top} (whose work is done in
 * {@link io.sluice.deploy.status}). Each opens its own client and closes it.
 */
final class ZkCommands {
  static final Duration CONNECT_WAIT = Duration.ofSeconds(15);
  static final String CONNECT_WAIT_ENV = "SLUICE_ZK_CONNECT_WAIT";

  static final String TOPOLOGY_USAGE = """
      usage: sluice topology push FILE [--expect-version N] [common options]
             sluice topology show | history | rollback VERSION [common options]
        push      validate FILE and write it if the stored version is still the one FILE was
                  edited from (its 'version' key, or --expect-version; 0 for the first push)
        show      print the current topology (with its version)
        history   list the stored versions
        rollback  push the content of an earlier VERSION as a new version
      """ + ZkCommandLine.COMMON;
  static final String MEMBERS_USAGE = """
      usage: sluice members [--tier TIER] [common options]
      """ + ZkCommandLine.COMMON;
  static final String CONFIG_USAGE = """
      usage: sluice config push AGENT FILE [common options]
        writes FILE (Flume properties) as the config agents read with -z/-p
      """ + ZkCommandLine.COMMON;

  static final String STATUS_USAGE = """
      usage: sluice status [--interval SECS] [--sequence] [common options]
        one table of every agent that records its monitoring address in ZooKeeper (agents run
        with --zk HOSTS and -Dflume.monitoring.type=http): role, state (ready, not ready, down),
        events/s in and out over SECS (default 1), fullest channel, errors, and why an agent is
        not ready; exit 0 only when every agent is ready
        --sequence  then, per tier, the conservation headers of all its aggregators merged
                    (their /sequence): per stream distinct, duplicates (also across
                    aggregators) and gaps
      """ + ZkCommandLine.COMMON;
  static final String TOP_USAGE = """
      usage: sluice top [--interval SECS] [common options]
        the sluice status table, redrawn every SECS (default 1); q or Ctrl-C quits
      """ + ZkCommandLine.COMMON;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  ZkCommands(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int topology(List<String> args) {
    return run("topology", TOPOLOGY_USAGE, args, List.of("--expect-version"), (cl, client) -> {
      List<String> p = cl.positional();
      TopologyStore store = new TopologyStore(client, cl.settings().paths());
      String sub = p.isEmpty() ? "" : p.get(0);
      return switch (sub) {
        case "push" -> push(store, arg(p, 1, "FILE"), cl.flags().get("--expect-version"));
        case "show" -> show(store);
        case "history" -> history(store);
        case "rollback" -> {
          long v = number(arg(p, 1, "VERSION"), "VERSION");
          Topology t = store.rollback(v);
          out.println("rolled back to the content of version " + v + " as version " + t.version());
          yield ExitCode.OK;
        }
        default -> throw new AgentCommandLine.UsageException(
            "give push, show, history or rollback");
      };
    });
  }

  int members(List<String> args) {
    return run("members", MEMBERS_USAGE, args, List.of("--tier"), (cl, client) -> {
      MembershipQuery q = new MembershipQuery(client, cl.settings().paths());
      String tier = cl.flags().get("--tier");
      Map<String, List<Member>> all = tier == null ? q.all() : Map.of(tier, q.tier(tier));
      all.forEach((t, members) -> {
        out.println(t + ": " + members.size() + " member(s)");
        for (Member m : members) {
          out.println("  " + m.id() + "  " + m.address() + "  tls=" + m.tls() + "  weight="
              + m.weight() + "  version=" + m.version()
              + (m.pid() > 0 ? "  pid=" + m.pid() : ""));
        }
      });
      return ExitCode.OK;
    });
  }

  int status(List<String> args) {
    boolean sequence = args.contains("--sequence"); // a switch: the parser knows valued flags
    List<String> rest = args.stream().filter(a -> !a.equals("--sequence")).toList();
    return run("status", STATUS_USAGE, rest, List.of("--interval"), (cl, client) ->
        StatusCommand.run(new MembershipQuery(client, cl.settings().paths()),
            cl.settings().cluster(), interval(cl), sequence, out));
  }

  int top(List<String> args) {
    return run("top", TOP_USAGE, args, List.of("--interval"), (cl, client) ->
        TopCommand.run(new MembershipQuery(client, cl.settings().paths()),
            cl.settings().cluster(), interval(cl), System.in, out));
  }

  private static Duration interval(ZkCommandLine cl) {
    String v = cl.flags().get("--interval");
    if (v == null) {
      return StatusCommand.DEFAULT_INTERVAL;
    }
    try {
      double seconds = Double.parseDouble(v);
      if (seconds >= 0.1 && seconds <= 3600) {
        return Duration.ofMillis(Math.round(seconds * 1000));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new AgentCommandLine.UsageException("--interval takes seconds between 0.1 and 3600, not '"
        + v + "'");
  }

  int config(List<String> args) {
    return run("config", CONFIG_USAGE, args, List.of(), (cl, client) -> {
      List<String> p = cl.positional();
      if (p.isEmpty() || !"push".equals(p.get(0))) {
        throw new AgentCommandLine.UsageException("give push AGENT FILE");
      }
      String agent = arg(p, 1, "AGENT");
      String text = read(arg(p, 2, "FILE"));
      String path = new AgentConfigStore(client, cl.settings().paths()).push(agent, text);
      out.println("wrote the config of agent '" + agent + "' to " + path
          + " (agents read it with: sluice agent -n " + agent + " -z HOSTS -p "
          + cl.settings().paths().agents() + ")");
      return ExitCode.OK;
    });
  }

  private int push(TopologyStore store, String file, String expectFlag)
      throws VersionConflictException, IOException {
    Topology doc = TopologyCodec.parse(read(file));
    long expected = expectFlag != null ? number(expectFlag, "--expect-version") : doc.version();
    Topology stored = store.push(doc, expected);
    out.println("pushed topology version " + stored.version());
    return ExitCode.OK;
  }

  private int show(TopologyStore store) {
    var t = store.show();
    if (t.isEmpty()) {
      err.println("sluice topology: no topology has been pushed yet");
      return ExitCode.FAILED;
    }
    out.print(TopologyCodec.format(t.get()));
    return ExitCode.OK;
  }

  private int history(TopologyStore store) {
    List<TopologyVersion> h = store.history();
    long current = store.currentVersion();
    for (TopologyVersion v : h) {
      out.println(v.version() + "  " + v.written() + (v.version() == current ? "  (current)" : ""));
    }
    if (h.isEmpty()) {
      out.println("no topology has been pushed yet");
    }
    return ExitCode.OK;
  }

  /** One command body, given the parsed options and a connected client. */
  @FunctionalInterface
  private interface Body {
    int run(ZkCommandLine cl, CuratorFramework client) throws Exception;
  }

  private int run(String name, String usage, List<String> args, List<String> flags, Body body) {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(usage);
      return ExitCode.OK;
    }
    try {
      ZkCommandLine cl = ZkCommandLine.parse(args, env, flags);
      try (CuratorFramework client =
          new ZkClientFactory(cl.settings()).startConnected(connectWait(env))) {
        return body.run(cl, client);
      }
    } catch (AgentCommandLine.UsageException e) {
      err.println("sluice " + name + ": " + e.getMessage());
      err.print(usage);
      return ExitCode.USAGE;
    } catch (ConfigException e) {
      err.println("sluice " + name + ": refusing an invalid document: " + e.getMessage());
      return ExitCode.BAD_CONFIG;
    } catch (VersionConflictException e) {
      err.println("sluice " + name + ": " + e.getMessage());
      return ExitCode.CONFLICT;
    } catch (ZkUnavailableException e) {
      err.println("sluice " + name + ": " + e.getMessage());
      return ExitCode.UNAVAILABLE;
    } catch (IllegalArgumentException | IOException e) {
      err.println("sluice " + name + ": " + e.getMessage());
      return ExitCode.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.FAILED;
    } catch (Exception e) {
      err.println("sluice " + name + ": " + e);
      return ExitCode.FAILED;
    }
  }

  /** How long to wait for a first connection: {@value #CONNECT_WAIT_ENV} seconds, else 15. */
  static Duration connectWait(Map<String, String> env) {
    String v = env.get(CONNECT_WAIT_ENV);
    return v == null || v.isBlank() ? CONNECT_WAIT : Duration.ofSeconds(number(v, CONNECT_WAIT_ENV));
  }

  private static String arg(List<String> p, int i, String what) {
    if (p.size() <= i) {
      throw new AgentCommandLine.UsageException(what + " is missing");
    }
    return p.get(i);
  }

  private static long number(String v, String what) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new AgentCommandLine.UsageException(what + " must be a whole number, not '" + v + "'");
    }
  }

  private static String read(String file) throws IOException {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("no such file: " + file, e);
    }
  }
}
