package io.sluice.deploy;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.core.agent.PropertiesFileConfigSource;
import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.ConfigMode;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.LoadedConfig;
import io.sluice.core.config.ToleratedProblem;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice validate}: loads agents exactly as {@code sluice agent} would (same checks, same
 * substitution and config filters) without starting anything. Made for CI: one line per finding,
 * each starting with the agent's name, the same order on every run, exit status 0 only when every
 * agent loads:
 *
 * <pre>
 * a1: ok
 * a2: error: a2.sinks.k1.type: unknown sink type 'nul' (did you mean 'null'?); known types: ...
 * a2: invalid (1 problem)
 * a3: tolerated: a3.channels.c1.capcity: unknown key (did you mean 'capacity'?); ignored
 * a3: runs: sources=r1 channels=c1 sinks=k1 sinkgroups=-
 * a3: ok (compat flume: 1 tolerated, 0 dropped)
 * validated 3 agent(s): 2 ok, 1 invalid
 * </pre>
 *
 * Line kinds: {@code ok}, {@code error:}, {@code invalid}, {@code warning:} (accepted, e.g. a
 * component configured but not listed), {@code tolerated:} and {@code runs:} (with
 * {@code --compat flume}).
 */
final class ValidateCommand {
  static final String USAGE = """
      usage: sluice validate -f FILE [-f FILE...] [-n AGENT]... [--compat flume]
        -f, --conf-file FILE   Flume-format properties; repeat to merge several (later wins)
        -n, --name AGENT       an agent to check; repeat for several (default: every agent the
                               files define, i.e. every prefix of a .sources/.channels/.sinks list)
            --compat flume     judge as `sluice agent --compat flume` does: print what would be
                               tolerated and what would run
        -h, --help             this help
      exit status: 0 when every agent loads, 3 when one does not (or a file cannot be read),
      2 for a usage mistake
      """;

  private ValidateCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    List<Path> files = new ArrayList<>();
    List<String> names = new ArrayList<>();
    ConfigMode mode = ConfigMode.STRICT;
    try {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "-f", "--conf-file" -> files.add(Path.of(OptionArgs.value(args, ++i, a)));
          case "-n", "--name" -> names.add(OptionArgs.value(args, ++i, a));
          case "--compat" -> mode = ConfigMode.ofCompat(OptionArgs.value(args, ++i, a));
          case "-h", "--help" -> {
            out.print(USAGE);
            return ExitCode.OK;
          }
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("give --conf-file FILE");
      }
    } catch (IllegalArgumentException e) {
      err.println("sluice validate: " + e.getMessage());
      err.print(USAGE);
      return ExitCode.USAGE;
    }
    Map<String, String> props;
    try {
      props = new PropertiesFileConfigSource(files).read();
    } catch (IOException e) {
      out.println("cannot read " + files + ": " + e);
      return ExitCode.BAD_CONFIG;
    }
    Collection<String> agents = names.isEmpty() ? FlumeProperties.agentNames(props) : names;
    if (agents.isEmpty()) {
      out.println("no agents in " + files + ": no <agent>.sources, .channels, .sinks or"
          + " .sinkgroups list");
      return ExitCode.BAD_CONFIG;
    }
    AgentConfigLoader loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.fromProcess());
    int ok = 0;
    for (String agent : agents) {
      if (check(loader, props, agent, mode, out)) {
        ok++;
      }
    }
    out.println("validated " + agents.size() + " agent(s): " + ok + " ok, "
        + (agents.size() - ok) + " invalid");
    return ok == agents.size() ? ExitCode.OK : ExitCode.BAD_CONFIG;
  }

  private static boolean check(AgentConfigLoader loader, Map<String, String> props, String agent,
      ConfigMode mode, PrintStream out) {
    LoadedConfig loaded;
    try {
      loaded = loader.load(props, agent, mode);
    } catch (ConfigException e) {
      for (ConfigProblem p : e.problems()) {
        out.println(agent + ": error: " + oneLine(p.toString()));
      }
      out.println(agent + ": invalid (" + e.problems().size() + " problem"
          + (e.problems().size() == 1 ? ")" : "s)"));
      return false;
    }
    AgentConfig c = loaded.config();
    c.warnings().forEach(w -> out.println(agent + ": warning: " + oneLine(w)));
    if (mode == ConfigMode.STRICT) {
      out.println(agent + ": ok");
      return true;
    }
    for (ToleratedProblem t : loaded.tolerated()) {
      out.println(agent + ": tolerated: " + oneLine(t.toString()));
    }
    out.println(agent + ": runs: sources=" + list(c.sources().keySet()) + " channels="
        + list(c.channels().keySet()) + " sinks=" + list(c.sinks().keySet()) + " sinkgroups="
        + list(c.sinkGroups().values().stream().filter(g -> !g.implicit())
            .map(g -> g.name()).toList()));
    out.println(agent + ": ok (compat flume: " + loaded.tolerated().size() + " tolerated, "
        + loaded.droppedCount() + " dropped)");
    return true;
  }

  private static String list(Collection<String> names) {
    return names.isEmpty() ? "-" : String.join(",", names);
  }

  /** One finding per line, whatever a message holds. */
  private static String oneLine(String s) {
    return s.replace("\r", " ").replace("\n", " ");
  }
}
