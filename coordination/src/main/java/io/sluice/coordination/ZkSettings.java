package io.sluice.coordination;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach ZooKeeper and where Sluice lives in it. Immutable.
 *
 * @param connectString ZooKeeper hosts, {@code host:port[,host:port...]}
 * @param cluster the Sluice cluster name: everything lives under {@code <basePath>/<cluster>}
 * @param basePath root of Sluice's tree, {@code /sluice} by default
 * @param sessionTimeout ZooKeeper session timeout: how long an aggregator may be unreachable before
 *     its member node disappears
 * @param connectionTimeout how long one connection attempt may take
 * @param digest the writer identity; empty for read-only clients
 * @param readers who may read the nodes this client creates
 * @param aggregatorIds the aggregators' digest identities ({@code user:base64(sha1(user:password))},
 *     ZooKeeper's ACL form): members nodes this client creates let them register and deregister
 *     themselves, and nothing else; empty means aggregators share the writer's identity
 */
public record ZkSettings(
    String connectString,
    String cluster,
    String basePath,
    Duration sessionTimeout,
    Duration connectionTimeout,
    Optional<DigestCredentials> digest,
    ReadAccess readers,
    java.util.List<String> aggregatorIds) {

  /** The environment variable holding the writer's {@code user:password}. */
  public static final String DIGEST_ENV = "SLUICE_ZK_DIGEST";
  /** The environment variable choosing {@code open} or {@code authenticated} readers. */
  public static final String READERS_ENV = "SLUICE_ZK_READERS";
  /**
   * The environment variable naming the aggregators' identities, comma-separated
   * {@code user:base64(sha1(user:password))}, on the operator's side.
   */
  public static final String AGGREGATORS_ENV = "SLUICE_ZK_AGGREGATORS";
  public static final String DEFAULT_BASE_PATH = "/sluice";
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(15);

  /** Who may read Sluice's nodes. */
  public enum ReadAccess {
    /** Anyone may read (world:anyone READ); only the digest user may write. The default. */
    OPEN,
    /** Only the digest user may read or write. */
    AUTHENTICATED;

    public static ReadAccess parse(String text, String origin) {
      return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "open" -> OPEN;
        case "authenticated" -> AUTHENTICATED;
        default -> throw new IllegalArgumentException(
            origin + " must be 'open' or 'authenticated', not '" + text + "'");
      };
    }
  }

  public ZkSettings {
    if (connectString == null || connectString.isBlank()) {
      throw new IllegalArgumentException("ZooKeeper connect string is empty");
    }
    ZkPaths.checkName("cluster", cluster);
    if (basePath == null || !basePath.startsWith("/") || basePath.length() > 1 && basePath.endsWith("/")) {
      throw new IllegalArgumentException(
          "ZooKeeper base path must start with '/' and not end with one: '" + basePath + "'");
    }
    if (sessionTimeout.isNegative() || sessionTimeout.isZero()
        || connectionTimeout.isNegative() || connectionTimeout.isZero()) {
      throw new IllegalArgumentException("ZooKeeper timeouts must be positive");
    }
    digest = digest == null ? Optional.empty() : digest;
    readers = readers == null ? ReadAccess.OPEN : readers;
    aggregatorIds = aggregatorIds == null ? java.util.List.of() : java.util.List.copyOf(aggregatorIds);
    if (!aggregatorIds.isEmpty() && digest.isEmpty()) {
      throw new IllegalArgumentException(AGGREGATORS_ENV + " needs the operator's own digest"
          + " credentials (" + DIGEST_ENV + "=user:password)");
    }
    for (String id : aggregatorIds) {
      int colon = id.indexOf(':');
      if (colon <= 0 || colon == id.length() - 1 || id.indexOf(':', colon + 1) >= 0) {
        throw new IllegalArgumentException(AGGREGATORS_ENV + " entries must look like"
            + " user:base64-digest (ZooKeeper's digest ACL id), not '" + id.split(":", 2)[0]
            + ":...'");
      }
    }
    if (readers == ReadAccess.AUTHENTICATED && digest.isEmpty()) {
      throw new IllegalArgumentException(
          "authenticated readers need digest credentials (" + DIGEST_ENV + "=user:password)");
    }
  }

  /** Defaults for everything but the connect string and cluster; no credentials. */
  public static ZkSettings of(String connectString, String cluster) {
    return new ZkSettings(connectString, cluster, DEFAULT_BASE_PATH, DEFAULT_SESSION_TIMEOUT,
        DEFAULT_CONNECTION_TIMEOUT, Optional.empty(), ReadAccess.OPEN, java.util.List.of());
  }

  /**
   * Adds what the environment gives: {@value #DIGEST_ENV} (credentials, unless some were already
   * set from config) and {@value #READERS_ENV}.
   */
  public ZkSettings withEnvironment(Map<String, String> env) {
    ZkSettings s = this;
    String d = env.get(DIGEST_ENV);
    if (d != null && !d.isEmpty() && digest.isEmpty()) {
      s = s.withDigest(DigestCredentials.parse(d, DIGEST_ENV));
    }
    String r = env.get(READERS_ENV);
    if (r != null && !r.isEmpty()) {
      s = s.withReaders(ReadAccess.parse(r, READERS_ENV));
    }
    String a = env.get(AGGREGATORS_ENV);
    if (a != null && !a.isBlank()) {
      s = s.withAggregatorIds(java.util.Arrays.stream(a.split(","))
          .map(String::trim).filter(x -> !x.isEmpty()).toList());
    }
    return s;
  }

  public ZkSettings withDigest(DigestCredentials credentials) {
    return new ZkSettings(connectString, cluster, basePath, sessionTimeout, connectionTimeout,
        Optional.of(credentials), readers, aggregatorIds);
  }

  public ZkSettings withAggregatorIds(java.util.List<String> ids) {
    return new ZkSettings(connectString, cluster, basePath, sessionTimeout, connectionTimeout,
        digest, readers, ids);
  }

  public ZkSettings withReaders(ReadAccess access) {
    return new ZkSettings(connectString, cluster, basePath, sessionTimeout, connectionTimeout,
        digest, access, aggregatorIds);
  }

  public ZkSettings withBasePath(String path) {
    return new ZkSettings(connectString, cluster, path, sessionTimeout, connectionTimeout, digest,
        readers, aggregatorIds);
  }

  public ZkSettings withTimeouts(Duration session, Duration connection) {
    return new ZkSettings(connectString, cluster, basePath, session, connection, digest, readers,
        aggregatorIds);
  }

  public ZkPaths paths() {
    return new ZkPaths(basePath, cluster);
  }
}
