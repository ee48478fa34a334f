package io.sluice.deploy;

import io.sluice.coordination.JitteredBackoff;
import io.sluice.core.agent.UriConfigSource;
import io.sluice.core.config.ConfigMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code sluice agent}, in Flume's {@code flume-ng agent} spellings so existing
 * start scripts only change the program name. One hidden option, {@code --exit-with-parent}, is for
 * launchers that start agents as child processes (quickstart, drills): the agent stops cleanly when
 * its standard input ends, which happens when the launcher exits, even by SIGKILL.
 */
record AgentCommandLine(
    String name,
    List<Path> confFiles,
    Path confDir,
    boolean reload,
    Duration pollInterval,
    Duration shutdownGrace,
    String zkConnect,
    String zkBasePath,
    Duration zkResyncJitter,
    Optional<Registration> registration,
    boolean exitWithParent,
    List<URI> confUris,
    Optional<UriConfigSource.Credentials> confCredentials,
    ConfigMode mode,
    Optional<Announcement> announcement) {

  /**
   * Where the agent records its monitoring server's address ({@code monitoring/<agent@host:port>})
   * when it has one: the ZooKeeper of {@code --zk}, else {@code $SLUICE_ZK}, else {@code -z}.
   *
   * @param zkConnect ZooKeeper hosts
   * @param cluster the Sluice cluster
   * @param advertiseHost the address others reach the agent at; empty for the monitoring server's
   *     bind address, or this host's name when it binds every interface
   */
  record Announcement(String zkConnect, String cluster, Optional<String> advertiseHost) {}

  /**
   * Joining a ZooKeeper tier as an aggregator ({@code --register-tier}).
   *
   * @param tier the tier to join
   * @param source the Avro source to announce; empty for the agent's only one
   * @param advertiseHost the address edges connect to; empty for the source's bind address
   * @param memberId the member id; empty for the agent name
   * @param zkConnect ZooKeeper hosts
   * @param cluster the Sluice cluster
   */
  record Registration(String tier, Optional<String> source, Optional<String> advertiseHost,
      Optional<String> memberId, String zkConnect, String cluster) {}

  static final String USAGE = """
      usage: sluice agent --name NAME --conf-file FILE [options]
        -n, --name NAME            the agent to run (a file may define several)
        -f, --conf-file FILE       Flume-format properties; repeat to merge several (later wins)
        -u, --conf-uri URI         read the properties from an http(s):, file: or classpath: URI
                                   (repeatable; URIs are merged before files), polled for reload
            --conf-user USER       basic-auth user for http(s) URIs (with --conf-password)
            --conf-password PASS   basic-auth password for http(s) URIs
            --compat flume         tolerate what Flume 1.11 tolerates: ignore unknown keys, drop
                                   invalid components and what is wired only to them, run the rest;
                                   each decision is logged at WARN and counted (default: strict)
        -c, --conf DIR             directory holding log4j2.xml (the launcher reads it)
            --no-reload-conf       do not watch the config for changes
        -i, --poll-interval SECS   how often to check the config for changes (default 30)
            --shutdown-grace SECS  how long a stop lets channels drain into sinks (default 30)
        -z, --zkConnString HOSTS   read the config from ZooKeeper (with -p)
        -p, --zkBasePath PATH      ZooKeeper base path (default /flume)
            --zk-resync-jitter MS  after a ZooKeeper reconnect, check the config node after a
                                   random wait below this (default 5000; 0 = at once)
                                   A config from ZooKeeper may use only the references that
                                   $SLUICE_ZK_CONFIG_ALLOW lists: env:NAME, sys:name,
                                   configfilters, or * for all (default: none)
      registering as an aggregator in ZooKeeper (sluice members lists who is registered):
            --register-tier TIER   join TIER once the agent runs; leave it while the agent is not
                                   ready (see docs/monitoring.md) and before stopping
            --register-source NAME the avro source edges send to (default: the only one)
            --advertise-host HOST  the address edges connect to, and sluice status reads the
                                   monitoring server at (default: the bind address, or this
                                   host's name when it binds 0.0.0.0)
            --member-id ID         the member id (default: the agent name)
            --zk HOSTS             ZooKeeper to register in (default $SLUICE_ZK, else -z); any
                                   agent with a monitoring server (-Dflume.monitoring.type=http)
                                   also records its address there, for sluice status and top
            --cluster NAME         the Sluice cluster (default $SLUICE_CLUSTER, else default)
        -h, --help                 this help
      """;

  /** Parses the arguments; throws {@link UsageException} naming the bad one. */
  static AgentCommandLine parse(List<String> args) {
    return parse(args, Map.of());
  }

  /** Parses the arguments, with {@code SLUICE_ZK} and {@code SLUICE_CLUSTER} from {@code env}. */
  static AgentCommandLine parse(List<String> args, Map<String, String> env) {
    String name = null;
    List<Path> files = new ArrayList<>();
    Path confDir = null;
    boolean reload = true;
    long poll = 30;
    long grace = 30;
    String zk = null;
    String zkPath = "/flume";
    Long resyncJitterMs = null;
    String tier = null;
    String regSource = null;
    String advertise = null;
    String memberId = null;
    String regZk = null;
    String cluster = null;
    boolean exitWithParent = false;
    List<URI> uris = new ArrayList<>();
    String confUser = null;
    String confPassword = null;
    ConfigMode mode = ConfigMode.STRICT;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "-n", "--name" -> name = value(args, ++i, a);
        case "-f", "--conf-file" -> files.add(Path.of(value(args, ++i, a)));
        case "-u", "--conf-uri" -> uris.add(uri(value(args, ++i, a), a));
        case "--conf-user" -> confUser = value(args, ++i, a);
        case "--conf-password" -> confPassword = value(args, ++i, a);
        case "--compat" -> mode = compat(value(args, ++i, a));
        case "-c", "--conf" -> confDir = Path.of(value(args, ++i, a));
        case "--no-reload-conf" -> reload = false;
        case "-i", "--poll-interval" -> poll = seconds(value(args, ++i, a), a);
        case "--shutdown-grace" -> grace = seconds(value(args, ++i, a), a);
        case "-z", "--zkConnString" -> zk = value(args, ++i, a);
        case "-p", "--zkBasePath" -> zkPath = value(args, ++i, a);
        case "--zk-resync-jitter" -> resyncJitterMs = wholeNumber(value(args, ++i, a), a,
            "milliseconds");
        case "--register-tier" -> tier = value(args, ++i, a);
        case "--register-source" -> regSource = value(args, ++i, a);
        case "--advertise-host" -> advertise = value(args, ++i, a);
        case "--member-id" -> memberId = value(args, ++i, a);
        case "--zk" -> regZk = value(args, ++i, a);
        case "--cluster" -> cluster = value(args, ++i, a);
        case "--exit-with-parent" -> exitWithParent = true;
        case "-h", "--help" -> throw new UsageException(null);
        default -> throw new UsageException("unknown option '" + a + "'");
      }
    }
    if (name == null) {
      throw new UsageException("--name is required");
    }
    if (files.isEmpty() && uris.isEmpty() && zk == null) {
      throw new UsageException("give --conf-file FILE or --conf-uri URI (or -z/-p for ZooKeeper)");
    }
    if ((confUser == null) != (confPassword == null)) {
      throw new UsageException("--conf-user and --conf-password go together");
    }
    if (confUser != null && uris.isEmpty()) {
      throw new UsageException("--conf-user and --conf-password only apply with --conf-uri");
    }
    Optional<UriConfigSource.Credentials> credentials = confUser == null ? Optional.empty()
        : Optional.of(new UriConfigSource.Credentials(confUser, confPassword));
    if (resyncJitterMs != null && zk == null) {
      throw new UsageException("--zk-resync-jitter only applies with -z");
    }
    Duration resyncJitter = resyncJitterMs == null ? JitteredBackoff.DEFAULT_MAX_JITTER
        : Duration.ofMillis(resyncJitterMs);
    Optional<Registration> registration = Optional.empty();
    String hosts = firstSet(regZk, env.get(ZkCommandLine.ZK_ENV), zk);
    String c = firstSet(cluster, env.get(ZkCommandLine.CLUSTER_ENV),
        ZkCommandLine.DEFAULT_CLUSTER);
    if (tier == null) {
      for (String[] only : new String[][] {{"--register-source", regSource},
          {"--member-id", memberId}}) {
        if (only[1] != null) {
          throw new UsageException(only[0] + " only applies with --register-tier");
        }
      }
      for (String[] only : new String[][] {{"--advertise-host", advertise},
          {"--cluster", cluster}}) {
        if (only[1] != null && hosts == null) {
          throw new UsageException(only[0] + " only applies with --register-tier or --zk HOSTS");
        }
      }
    } else {
      if (hosts == null) {
        throw new UsageException("--register-tier needs ZooKeeper: give --zk HOSTS (or set "
            + ZkCommandLine.ZK_ENV + ")");
      }
      registration = Optional.of(new Registration(tier, Optional.ofNullable(regSource),
          Optional.ofNullable(advertise), Optional.ofNullable(memberId), hosts, c));
    }
    Optional<Announcement> announcement = hosts == null ? Optional.empty()
        : Optional.of(new Announcement(hosts, c, Optional.ofNullable(advertise)));
    return new AgentCommandLine(name, files, confDir, reload, Duration.ofSeconds(poll),
        Duration.ofSeconds(grace), zk, zkPath, resyncJitter, registration, exitWithParent,
        List.copyOf(uris), credentials, mode, announcement);
  }

  private static URI uri(String v, String option) {
    try {
      URI u = new URI(v);
      if (u.getScheme() == null) {
        throw new UsageException(option + " takes a URI (http:, https:, file: or classpath:), not '"
            + v + "'");
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw new UsageException(option + " takes a URI, not '" + v + "': " + e.getReason());
    }
  }

  private static ConfigMode compat(String v) {
    try {
      return ConfigMode.ofCompat(v);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static String firstSet(String... candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank()) {
        return c;
      }
    }
    return null;
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size() || args.get(i).startsWith("-") && args.get(i).length() > 1) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(i);
  }

  private static long seconds(String v, String option) {
    return wholeNumber(v, option, "seconds");
  }

  private static long wholeNumber(String v, String option, String unit) {
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " takes a whole number of " + unit + ", not '" + v + "'");
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
