package io.sluice.deploy;

import io.sluice.coordination.DigestCredentials;
import io.sluice.coordination.ZkSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options shared by the ZooKeeper commands ({@code --zk}, {@code --cluster},
 * {@code --base-path}, {@code --digest-file}, with environment defaults) and the positional
 * arguments and flags left after them.
 */
record ZkCommandLine(ZkSettings settings, List<String> positional, Map<String, String> flags) {
  static final String ZK_ENV = "SLUICE_ZK";
  static final String CLUSTER_ENV = "SLUICE_CLUSTER";
  static final String DEFAULT_CLUSTER = "default";

  static final String COMMON = """
      common options:
        --zk HOSTS            ZooKeeper connect string (default: $SLUICE_ZK)
        --cluster NAME        Sluice cluster (default: $SLUICE_CLUSTER, else 'default')
        --base-path PATH      Sluice's root node (default /sluice)
        --digest-file FILE    file holding the writer's user:password
                              (default: $SLUICE_ZK_DIGEST); $SLUICE_ZK_READERS=open|authenticated
      $SLUICE_ZK_CONNECT_WAIT: seconds to wait for ZooKeeper before giving up (default 15)
      $SLUICE_ZK_SASL: JAAS section (e.g. Client) to log in with through SASL
      $SLUICE_ZK_CLIENT_CONFIG: ZooKeeper client properties file (zookeeper.ssl.*, TLS)
      """;

  /**
   * @param flagNames the command's own flags that take a value (e.g. {@code --tier})
   */
  static ZkCommandLine parse(List<String> args, Map<String, String> env, List<String> flagNames) {
    String zk = env.get(ZK_ENV);
    String cluster = env.getOrDefault(CLUSTER_ENV, DEFAULT_CLUSTER);
    String base = ZkSettings.DEFAULT_BASE_PATH;
    Path digestFile = null;
    List<String> positional = new ArrayList<>();
    Map<String, String> flags = new java.util.HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--zk" -> zk = value(args, ++i, a);
        case "--cluster" -> cluster = value(args, ++i, a);
        case "--base-path" -> base = value(args, ++i, a);
        case "--digest-file" -> digestFile = Path.of(value(args, ++i, a));
        default -> {
          if (flagNames.contains(a)) {
            flags.put(a, value(args, ++i, a));
          } else if (a.startsWith("--")) {
            throw new AgentCommandLine.UsageException("unknown option '" + a + "'");
          } else {
            positional.add(a);
          }
        }
      }
    }
    if (zk == null || zk.isBlank()) {
      throw new AgentCommandLine.UsageException("give --zk HOSTS (or set " + ZK_ENV + ")");
    }
    try {
      ZkSettings s = ZkSettings.of(zk, cluster).withBasePath(base);
      if (digestFile != null) {
        s = s.withDigest(readDigest(digestFile));
      }
      return new ZkCommandLine(s.withEnvironment(env), positional, flags);
    } catch (IllegalArgumentException e) {
      throw new AgentCommandLine.UsageException(e.getMessage());
    }
  }

  private static DigestCredentials readDigest(Path file) {
    try {
      return DigestCredentials.parse(Files.readString(file, StandardCharsets.UTF_8).trim(),
          "--digest-file " + file);
    } catch (IOException e) {
      throw new AgentCommandLine.UsageException("cannot read --digest-file " + file + ": " + e);
    }
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new AgentCommandLine.UsageException(option + " needs a value");
    }
    return args.get(i);
  }
}
