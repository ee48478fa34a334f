package io.sluice.deploy;

import static io.sluice.deploy.ExitCode.BAD_CONFIG;
import static io.sluice.deploy.ExitCode.OK;
import static io.sluice.deploy.ExitCode.USAGE;

import io.sluice.aggregator.registration.AggregatorRegistration;
import io.sluice.aggregator.registration.RegistrationSettings;
import io.sluice.api.config.ConfigException;
import io.sluice.coordination.ZkSettings;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentApplication;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.agent.ConfigSource;
import io.sluice.core.agent.PropertiesFileConfigSource;
import io.sluice.core.agent.UriConfigSource;
import io.sluice.core.metrics.FullChannelLimits;
import io.sluice.core.metrics.FullChannelReadiness;
import io.sluice.core.metrics.HttpMetricsServer;
import io.sluice.core.metrics.MonitoredAgent;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;

/** The {@code bin/sluice} entry point: dispatches subcommands. */
public final class SluiceMain {

  private static final String HELP = """
      usage: sluice <command> [options]
      commands:
        agent     run one agent from a Flume-format properties file (sluice agent --help)
        validate  load a config's agents without starting them; exit 0 only if all load
        avro-client  send lines of a file or stdin as events to an Avro source (--help)
        topology  push, show, list or roll back the cluster topology in ZooKeeper
        members   list the live aggregators registered in ZooKeeper
        status    one table of the whole cluster: each agent's role, readiness, events/s in and
                  out, channel fill and errors (sluice status --help)
        top       the status table, live in the terminal, refreshed every second
        config    push an agent's properties to ZooKeeper (config push AGENT FILE)
        quickstart  run a whole local cluster (ZooKeeper, HDFS, 2 aggregators, 2 edges)
        drill     one fault (kill/stop a node, ZooKeeper, NameNode) under load, verified in HDFS
        version   print the version
        help      this help
      """;

  private SluiceMain() {}

  /** The Apache Flume release whose configs, protocol and launcher Sluice takes. */
  static final String FLUME_VERSION = "1.11.0";

  private static final String NETTY_LEAK_DETECTION = "io.netty.leakDetection.level";

  public static void main(String[] args) {
    // Log4j's own shutdown hook would stop logging while the agent is still draining.
    System.setProperty("log4j2.shutdownHookEnabled", "false");
    // -Dflume.root.logger=LEVEL,APPENDER as Flume's launcher takes it (before Log4j starts).
    FlumeLogProperties.apply(System.getProperties());
    // Netty's leak detector samples buffers and records stack traces on the data path; the test
    // suites run it at "paranoid", so agents skip it unless an operator sets the property.
    if (System.getProperty(NETTY_LEAK_DETECTION) == null
        && System.getProperty("io.netty.leakDetectionLevel") == null
        && System.getProperty("io.netty.noResourceLeakDetection") == null) {
      System.setProperty(NETTY_LEAK_DETECTION, "disabled");
    }
    int code = run(Arrays.asList(args), System.out, System.err);
    // The cluster host leaves Hadoop's and ZooKeeper's non-daemon threads behind when it is done.
    if (code != OK || args.length > 0 && args[0].equals("cluster-host")) {
      System.exit(code);
    }
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv());
  }

  static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
    if (args.isEmpty()) {
      err.print(HELP);
      return USAGE;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    return switch (command) {
      case "agent" -> agent(rest, out, err, env);
      case "validate" -> ValidateCommand.run(rest, out, err);
      case "avro-client" -> AvroClientCommand.run(rest, System.in, out, err);
      case "topology" -> new ZkCommands(out, err, env).topology(rest);
      case "members" -> new ZkCommands(out, err, env).members(rest);
      case "status" -> new ZkCommands(out, err, env).status(rest);
      case "top" -> new ZkCommands(out, err, env).top(rest);
      case "config" -> new ZkCommands(out, err, env).config(rest);
      // Loaded by name: their jars are in tools/lib/, on the classpath for these commands only.
      case "quickstart", "drill", "cluster-host" -> ToolLauncher.run(command, rest, out, err);
      case "version", "--version" -> {
        out.println("Sluice " + version());
        out.println("Compatible with Apache Flume " + FLUME_VERSION);
        yield OK;
      }
      case "help", "--help", "-h" -> {
        out.print(HELP);
        yield OK;
      }
      default -> {
        err.println("sluice: unknown command '" + command + "'");
        err.print(HELP);
        yield USAGE;
      }
    };
  }

  private static int agent(List<String> args, PrintStream out, PrintStream err,
      Map<String, String> env) {
    AgentCommandLine cl;
    try {
      cl = AgentCommandLine.parse(args, env);
    } catch (AgentCommandLine.UsageException e) {
      if (e.getMessage() == null) {
        out.print(AgentCommandLine.USAGE);
        return OK;
      }
      err.println("sluice agent: " + e.getMessage());
      err.print(AgentCommandLine.USAGE);
      return USAGE;
    }
    Started started = startAgent(cl, env, err);
    if (started.running() == null) {
      return started.code();
    }
    awaitShutdown(started.running(), cl.exitWithParent() ? cl.name() : null);
    return OK;
  }

  /**
   * A started agent: {@code running} stops it (and first leaves its ZooKeeper tier), or is null
   * when it could not start and {@code code} says why.
   */
  record Started(int code, AutoCloseable running) {
    static Started failed(int code) {
      return new Started(code, null);
    }
  }

  /**
   * Starts the monitoring server when asked for ({@code -Dflume.monitoring.type=http}), then the
   * agent the command line describes and its registration. The server comes first so that
   * {@code /health/ready} answers 503 while the agent starts, and stops last so that it does while
   * the agent drains.
   */
  static Started startAgent(AgentCommandLine cl, Map<String, String> env, PrintStream err) {
    AtomicReference<MonitoredAgent> monitored = new AtomicReference<>();
    FullChannelReadiness fullChannel;
    HttpMetricsServer metrics;
    try {
      // Only an aggregator steers traffic by its readiness: a full one leaves its tier.
      fullChannel = cl.registration().isEmpty() ? null : new FullChannelReadiness(
          FullChannelLimits.fromSystemProperties(System.getProperties()), System::nanoTime);
      metrics = HttpMetricsServer.fromSystemProperties(cl.name(), monitored::get);
    } catch (IOException | IllegalArgumentException e) {
      err.println("sluice agent: cannot serve metrics: " + e.getMessage());
      return Started.failed(BAD_CONFIG);
    }
    Started started = startMonitoredAgent(cl, env, err, agent -> {
      MonitoredAgent view = fullChannel == null ? agent : fullChannel.gate(agent);
      monitored.set(view);
      return view;
    });
    if (metrics == null) {
      return started;
    }
    if (started.running() == null) {
      metrics.close();
      return started;
    }
    AutoCloseable app = started.running();
    AutoCloseable announced = announce(cl, metrics, env, err);
    return new Started(started.code(), () -> {
      try {
        app.close();
      } finally {
        try {
          announced.close();
        } finally {
          metrics.close();
        }
      }
    });
  }

  /** Records the monitoring address in ZooKeeper when the agent knows one; never fatal. */
  private static AutoCloseable announce(AgentCommandLine cl, HttpMetricsServer metrics,
      Map<String, String> env, PrintStream err) {
    if (cl.announcement().isEmpty()) {
      return () -> { };
    }
    try {
      return MonitoringAnnouncement.start(cl, metrics, env);
    } catch (IllegalArgumentException e) {
      err.println("sluice agent: cannot record the monitoring address in ZooKeeper: "
          + e.getMessage());
      return () -> { };
    }
  }

  /**
   * Starts the agent and its registration if asked for; hands the agent to {@code onAgent}, which
   * answers how its readiness is seen (the registration follows that).
   */
  private static Started startMonitoredAgent(AgentCommandLine cl, Map<String, String> env,
      PrintStream err, Function<Agent, MonitoredAgent> onAgent) {
    AgentOptions options = AgentOptions.defaults().withShutdownGrace(cl.shutdownGrace());
    AutoCloseable app;
    Agent agent;
    if (cl.zkConnect() != null) {
      Started z = ZkAgent.start(cl, options, env, err);
      if (z.running() == null) {
        return z;
      }
      app = z.running();
      agent = ((ZkAgent) app).application().agent();
    } else {
      AgentApplication a = new AgentApplication(configSource(cl), cl.name(),
          cl.reload() ? cl.pollInterval() : Duration.ZERO, options,
          ComponentRegistry.fromContextClassLoader(), cl.mode());
      try {
        agent = a.start();
      } catch (ConfigException e) {
        err.println("sluice agent: refusing to start agent '" + cl.name() + "': " + e.getMessage());
        return Started.failed(BAD_CONFIG);
      } catch (IOException e) {
        err.println("sluice agent: cannot read " + (cl.confUris().isEmpty() ? cl.confFiles()
            : cl.confUris()) + ": " + e.getMessage());
        return Started.failed(BAD_CONFIG);
      }
      app = a;
    }
    MonitoredAgent monitored = onAgent.apply(agent);
    if (cl.registration().isEmpty()) {
      return new Started(OK, app);
    }
    AgentCommandLine.Registration r = cl.registration().get();
    AggregatorRegistration registration;
    try {
      ZkSettings zk = ZkSettings.of(r.zkConnect(), r.cluster()).withEnvironment(env);
      registration = new AggregatorRegistration(agent, monitored, RegistrationSettings.of(zk,
          r.tier())
          .withSource(r.source()).withAdvertiseHost(r.advertiseHost())
          .withMemberId(r.memberId()));
    } catch (IllegalArgumentException e) {
      err.println("sluice agent: cannot register agent '" + cl.name() + "' in tier '" + r.tier()
          + "': " + e.getMessage());
      closeQuietly(app, err);
      return Started.failed(USAGE);
    }
    registration.start();
    // Leave the tier first (edges move away while the port is still open), then stop the agent.
    AutoCloseable running = app;
    return new Started(OK, () -> {
      try {
        registration.close();
      } finally {
        running.close();
      }
    });
  }

  /** The files, or the URIs (merged before the files, as Flume's docs say) when any is given. */
  private static ConfigSource configSource(AgentCommandLine cl) {
    if (cl.confUris().isEmpty()) {
      return new PropertiesFileConfigSource(cl.confFiles());
    }
    List<URI> all = new ArrayList<>(cl.confUris());
    cl.confFiles().forEach(f -> all.add(f.toAbsolutePath().toUri()));
    return new UriConfigSource(all, cl.confCredentials());
  }

  private static void closeQuietly(AutoCloseable c, PrintStream err) {
    try {
      c.close();
    } catch (Exception e) {
      err.println("sluice agent: error while stopping: " + e);
    }
  }

  /**
   * Blocks until SIGTERM/SIGINT, or, with {@code exitWithParent} (the agent's name), until standard
   * input ends; the hook stops the agent cleanly (sources first, then drain).
   */
  static void awaitShutdown(AutoCloseable app, String exitWithParent) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.close();
      } catch (Exception e) {
        System.err.println("sluice: error while stopping: " + e);
      } finally {
        stopped.countDown();
        LogManager.shutdown();
      }
    }, "sluice-shutdown"));
    if (exitWithParent != null) {
      ParentWatch.exitWhenInputEnds(System.in, exitWithParent);
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String version() {
    String v = SluiceMain.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }
}
