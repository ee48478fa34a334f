package io.sluice.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code sluice agent}, in Flume's {@code flume-ng agent} spellings so existing
 * start scripts only change the program name.
 */
record AgentCommandLine(
    String name,
    List<Path> confFiles,
    Path confDir,
    boolean reload,
    Duration pollInterval,
    Duration shutdownGrace,
    String zkConnect,
    String zkBasePath) {

  static final String USAGE = """
      usage: sluice agent --name NAME --conf-file FILE [options]
        -n, --name NAME            the agent to run (a file may define several)
        -f, --conf-file FILE       Flume-format properties; repeat to merge several (later wins)
        -c, --conf DIR             directory holding log4j2.xml (the launcher reads it)
            --no-reload-conf       do not watch the config for changes
        -i, --poll-interval SECS   how often to check the config for changes (default 30)
            --shutdown-grace SECS  how long a stop lets channels drain into sinks (default 30)
        -z, --zkConnString HOSTS   read the config from ZooKeeper (with -p)
        -p, --zkBasePath PATH      ZooKeeper base path (default /flume)
        -h, --help                 this help
      """;

  /** Parses the arguments; throws {@link UsageException} naming the bad one. */
  static AgentCommandLine parse(List<String> args) {
    String name = null;
    List<Path> files = new ArrayList<>();
    Path confDir = null;
    boolean reload = true;
    long poll = 30;
    long grace = 30;
    String zk = null;
    String zkPath = "/flume";
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "-n", "--name" -> name = value(args, ++i, a);
        case "-f", "--conf-file" -> files.add(Path.of(value(args, ++i, a)));
        case "-c", "--conf" -> confDir = Path.of(value(args, ++i, a));
        case "--no-reload-conf" -> reload = false;
        case "-i", "--poll-interval" -> poll = seconds(value(args, ++i, a), a);
        case "--shutdown-grace" -> grace = seconds(value(args, ++i, a), a);
        case "-z", "--zkConnString" -> zk = value(args, ++i, a);
        case "-p", "--zkBasePath" -> zkPath = value(args, ++i, a);
        case "-h", "--help" -> throw new UsageException(null);
        default -> throw new UsageException("unknown option '" + a + "'");
      }
    }
    if (name == null) {
      throw new UsageException("--name is required");
    }
    if (files.isEmpty() && zk == null) {
      throw new UsageException("give --conf-file FILE (or -z/-p for ZooKeeper)");
    }
    return new AgentCommandLine(name, files, confDir, reload, Duration.ofSeconds(poll),
        Duration.ofSeconds(grace), zk, zkPath);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size() || args.get(i).startsWith("-") && args.get(i).length() > 1) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(i);
  }

  private static long seconds(String v, String option) {
    try {
      long s = Long.parseLong(v);
      if (s < 0) {
        throw new NumberFormatException();
      }
      return s;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " takes a whole number of seconds, not '" + v + "'");
    }
  }

  /** A command-line mistake; a null message means help was asked for. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
