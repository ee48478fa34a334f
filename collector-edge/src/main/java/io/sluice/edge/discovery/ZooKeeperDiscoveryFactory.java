package io.sluice.edge.discovery;

import io.sluice.api.Lifecycle;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.DiscoveryContext;
import io.sluice.api.spi.DiscoveryFactory;
import io.sluice.coordination.JitteredBackoff;
import io.sluice.coordination.MembershipWatcher;
import io.sluice.coordination.ZkSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Member discovery {@code zookeeper}: a sink group whose members are the live aggregators of the
 * tier its route (in the ZooKeeper-held topology) points to, one Avro sink each. Stateless.
 */
public final class ZooKeeperDiscoveryFactory implements DiscoveryFactory<ZooKeeperDiscoveryConfig> {
  /** Environment variable giving the connect string when {@code connect} is not set. */
  public static final String ZK_ENV = "SLUICE_ZK";
  /** Environment variable giving the cluster when {@code cluster} is not set. */
  public static final String CLUSTER_ENV = "SLUICE_CLUSTER";
  public static final String DEFAULT_CLUSTER = "default";

  static final ConfigKey<String> CONNECT = ConfigKey.string("connect")
      .doc("ZooKeeper hosts, host:port[,host:port...]; default $" + ZK_ENV);
  static final ConfigKey<String> CLUSTER = ConfigKey.string("cluster")
      .doc("the Sluice cluster; default $" + CLUSTER_ENV + ", else " + DEFAULT_CLUSTER);
  static final ConfigKey<String> TIER = ConfigKey.string("tier").defaultValue("aggregators")
      .doc("the tier to send to while the topology has no route for this group");
  static final ConfigKey<String> CACHE_DIR = ConfigKey.string("cacheDir")
      .doc("where the last good topology and membership are kept");
  static final ConfigKey<String> BASE_PATH = ConfigKey.string("basePath")
      .defaultValue(ZkSettings.DEFAULT_BASE_PATH).doc("root of Sluice's tree in ZooKeeper");
  static final ConfigKey<Long> RESYNC_JITTER = ConfigKey.longInt("resyncJitter")
      .defaultValue(JitteredBackoff.DEFAULT_MAX_JITTER.toMillis()).atLeast(0)
      .doc("ms: after a reconnect, re-read ZooKeeper after a random wait below this, so many edges"
          + " do not read at once; 0 re-reads at once");

  static final ConfigKey<Integer> MAX_MEMBERS = ConfigKey.integer("maxMembers")
      .defaultValue(MembershipWatcher.DEFAULT_MAX_MEMBERS).atLeast(1)
      .doc("most members the tier may list; a longer listing (nodes anyone with ZooKeeper write"
          + " access could add) is refused and the last members stay");

  static final ConfigKey<Boolean> REQUIRE_TLS = ConfigKey.bool("requireTls").defaultValue(false)
      .doc("send only to members that announce a TLS port, always over TLS; a member node saying"
          + " tls=false is refused with a WARN (routes can never turn TLS off)");
  static final ConfigKey<List<String>> ALLOWED_HOSTS = ConfigKey.list("allowedHosts")
      .doc("space- or comma-separated hosts members may name: host names, '.suffix' names, addresses or"
          + " CIDR blocks (10.1.0.0/16); names are never resolved, so list addresses by CIDR and"
          + " names by suffix; a member outside is refused with a WARN; default any host");

  private final Map<String, String> env;

  public ZooKeeperDiscoveryFactory() {
    this(System.getenv());
  }

  /** With an explicit environment, for tests. */
  ZooKeeperDiscoveryFactory(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public String type() {
    return "zookeeper";
  }

  @Override
  public Class<?> componentClass() {
    return ZooKeeperDiscovery.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(CONNECT, CLUSTER, TIER, CACHE_DIR, BASE_PATH, RESYNC_JITTER,
        MAX_MEMBERS, REQUIRE_TLS, ALLOWED_HOSTS);
  }

  @Override
  public ZooKeeperDiscoveryConfig configure(ConfigValues values) {
    String connect = firstSet(values.get(CONNECT), env.get(ZK_ENV));
    if (connect == null) {
      throw new ConfigException(CONNECT.name(),
          "no ZooKeeper to discover members from: set " + CONNECT.name() + " or $" + ZK_ENV);
    }
    String cluster = firstSet(values.get(CLUSTER), env.get(CLUSTER_ENV));
    ZkSettings zk;
    try {
      zk = ZkSettings.of(connect, cluster == null ? DEFAULT_CLUSTER : cluster)
          .withBasePath(values.get(BASE_PATH))
          .withEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(values.isSet(BASE_PATH) ? BASE_PATH.name() : CLUSTER.name(),
          e.getMessage());
    }
    String tier = values.get(TIER);
    if (tier.isBlank()) {
      throw new ConfigException(TIER.name(), "tier is empty");
    }
    Optional<Path> cacheDir = Optional.ofNullable(values.get(CACHE_DIR))
        .filter(s -> !s.isBlank()).map(Path::of);
    MemberTrust trust;
    try {
      trust = MemberTrust.of(values.get(REQUIRE_TLS),
          values.isSet(ALLOWED_HOSTS) ? values.get(ALLOWED_HOSTS) : List.of());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ALLOWED_HOSTS.name(), e.getMessage());
    }
    return new ZooKeeperDiscoveryConfig(zk, tier.trim(), cacheDir,
        Duration.ofMillis(values.get(RESYNC_JITTER)), values.get(MAX_MEMBERS), trust);
  }

  @Override
  public Lifecycle create(ZooKeeperDiscoveryConfig config, DiscoveryContext context) {
    return new ZooKeeperDiscovery(config, context);
  }

  private static String firstSet(String... candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank()) {
        return c.trim();
      }
    }
    return null;
  }
}
