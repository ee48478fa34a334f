package io.sluice.coordination;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Curator client for one agent or one command. There is no shared client: the caller
 * owns what {@link #start} returns and closes it. Stateless and thread-safe.
 *
 * <p>Retries use Curator's {@link ExponentialBackoffRetry}, which already draws each sleep at random
 * between the base and {@code base * 2^(n+1)}: that random draw is the jitter that keeps a thousand
 * edges from reconnecting in step after an outage (ZooKeeper's client adds its own random delay and
 * shuffles the server list too).
 */
public final class ZkClientFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ZkClientFactory.class);

  /** First retry sleep; doubled (with random spread) on each further try. */
  public static final Duration BASE_SLEEP = Duration.ofMillis(500);
  public static final Duration MAX_SLEEP = Duration.ofSeconds(30);
  public static final int MAX_RETRIES = 10;

  private final ZkSettings settings;

  public ZkClientFactory(ZkSettings settings) {
    this.settings = settings;
  }

  /** The retry policy every Sluice client uses. */
  public static RetryPolicy retryPolicy() {
    return new ExponentialBackoffRetry((int) BASE_SLEEP.toMillis(), MAX_RETRIES,
        (int) MAX_SLEEP.toMillis());
  }

  /** A client not yet started: for callers that register listeners before connecting. */
  public CuratorFramework create() {
    return create(retryPolicy());
  }

  /**
   * A client not yet started, with another retry policy: for observers that must not block while
   * ZooKeeper is away (a drill reading member nodes while it has stopped the server).
   */
  public CuratorFramework create(RetryPolicy retry) {
    if (!settings.security().identified()) {
      // Whoever can write Sluice's nodes decides where every edge sends its data: say so loudly.
      LOG.warn("ZooKeeper {} is used WITHOUT credentials ({} and {} are not set): the nodes this"
          + " process creates are open to anyone who can reach ZooKeeper, and whoever writes them"
          + " decides where edges send their data. Set {} or {} (and {} for aggregators) and use"
          + " ZooKeeper's TLS; see docs/operations.md, 'ZooKeeper security'",
          settings.connectString(), ZkSettings.DIGEST_ENV, ZkSettings.SASL_ENV,
          ZkSettings.DIGEST_ENV, ZkSettings.SASL_ENV, ZkSettings.AGGREGATORS_ENV);
    }
    CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder()
        .connectString(settings.connectString())
        .sessionTimeoutMs((int) settings.sessionTimeout().toMillis())
        .connectionTimeoutMs((int) settings.connectionTimeout().toMillis())
        .retryPolicy(retry)
        .aclProvider(new ZkAcls(settings));
    settings.digest().ifPresent(d -> b.authorization("digest", d.authBytes()));
    ZkClientConfigs.of(settings.security()).ifPresent(b::zkClientConfig);
    return b.build();
  }

  /** A started client; it connects in the background (calls block until connected or retried out). */
  public CuratorFramework start() {
    CuratorFramework c = create();
    c.start();
    return c;
  }

  /**
   * A started client that is connected, for commands that should fail fast.
   *
   * @throws ZkUnavailableException naming the connect string when no server answers in time
   */
  public CuratorFramework startConnected(Duration wait) throws InterruptedException {
    CuratorFramework c = start();
    if (!c.blockUntilConnected((int) wait.toMillis(), TimeUnit.MILLISECONDS)) {
      c.close();
      throw new ZkUnavailableException("no ZooKeeper server answered at '"
          + settings.connectString() + "' within " + wait.toSeconds() + " s");
    }
    return c;
  }

  public ZkSettings settings() {
    return settings;
  }
}
