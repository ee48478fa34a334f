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
 * @param security the client's identity, who may read and write what it creates, and ZooKeeper's
 *     own client settings (TLS)
 */
public record ZkSettings(
    String connectString,
    String cluster,
    String basePath,
    Duration sessionTimeout,
    Duration connectionTimeout,
    ZkSecurity security) {

  /** The environment variable holding the writer's {@code user:password}. */
  public static final String DIGEST_ENV = "SLUICE_ZK_DIGEST";
  /** The environment variable choosing {@code open} or {@code authenticated} readers. */
  public static final String READERS_ENV = "SLUICE_ZK_READERS";
  /**
   * The environment variable naming the aggregators' identities, comma-separated
   * {@code sasl:<principal>} or {@code user:base64(sha1(user:password))}, on the operator's side.
   */
  public static final String AGGREGATORS_ENV = "SLUICE_ZK_AGGREGATORS";
  /**
   * The environment variable naming the JAAS login section ({@code Client}) this process
   * authenticates to ZooKeeper with through SASL, making its SASL identity the owner of its nodes.
   */
  public static final String SASL_ENV = "SLUICE_ZK_SASL";
  /** The environment variable naming a ZooKeeper client properties file (TLS settings). */
  public static final String CLIENT_CONFIG_ENV = "SLUICE_ZK_CLIENT_CONFIG";
  public static final String DEFAULT_BASE_PATH = "/sluice";
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(15);

  /** Who may read Sluice's nodes. */
  public enum ReadAccess {
    /** Anyone may read (world:anyone READ); only the writer may write. The default. */
    OPEN,
    /** Only the writer may read or write. */
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
    security = security == null ? ZkSecurity.NONE : security;
  }

  /** Defaults for everything but the connect string and cluster; no credentials. */
  public static ZkSettings of(String connectString, String cluster) {
    return new ZkSettings(connectString, cluster, DEFAULT_BASE_PATH, DEFAULT_SESSION_TIMEOUT,
        DEFAULT_CONNECTION_TIMEOUT, ZkSecurity.NONE);
  }

  /**
   * Adds what the environment gives: {@value #DIGEST_ENV} (credentials, unless some were already
   * set from config), {@value #SASL_ENV}, {@value #READERS_ENV}, {@value #AGGREGATORS_ENV} and
   * {@value #CLIENT_CONFIG_ENV}.
   */
  public ZkSettings withEnvironment(Map<String, String> env) {
    ZkSettings s = this;
    String d = env.get(DIGEST_ENV);
    if (d != null && !d.isEmpty() && digest().isEmpty()) {
      s = s.withDigest(DigestCredentials.parse(d, DIGEST_ENV));
    }
    String sasl = env.get(SASL_ENV);
    if (sasl != null && !sasl.isEmpty()) {
      s = s.withSecurity(s.security.withSaslSection(sasl.trim()));
    }
    String file = env.get(CLIENT_CONFIG_ENV);
    if (file != null && !file.isBlank()) {
      s = s.withSecurity(s.security.withClientConfig(java.nio.file.Path.of(file.trim())));
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
    return withSecurity(security.withDigest(credentials));
  }

  public ZkSettings withAggregatorIds(java.util.List<String> ids) {
    return withSecurity(security.withAggregatorIds(ids));
  }

  public ZkSettings withReaders(ReadAccess access) {
    return withSecurity(security.withReaders(access));
  }

  public ZkSettings withSecurity(ZkSecurity newSecurity) {
    return new ZkSettings(connectString, cluster, basePath, sessionTimeout, connectionTimeout,
        newSecurity);
  }

  public ZkSettings withBasePath(String path) {
    return new ZkSettings(connectString, cluster, path, sessionTimeout, connectionTimeout,
        security);
  }

  public ZkSettings withTimeouts(Duration session, Duration connection) {
    return new ZkSettings(connectString, cluster, basePath, session, connection, security);
  }

  /** The digest writer identity, if any. */
  public Optional<DigestCredentials> digest() {
    return security.digest();
  }

  /** Who may read the nodes this client creates. */
  public ReadAccess readers() {
    return security.readers();
  }

  /** The aggregators' identities, in ZooKeeper's ACL form. */
  public java.util.List<String> aggregatorIds() {
    return security.aggregatorIds();
  }

  public ZkPaths paths() {
    return new ZkPaths(basePath, cluster);
  }
}
