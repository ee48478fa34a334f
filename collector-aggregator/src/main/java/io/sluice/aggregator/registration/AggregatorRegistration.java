package io.sluice.aggregator.registration;

import io.sluice.coordination.AggregatorMembership;
import io.sluice.coordination.Member;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.core.agent.Agent;
import io.sluice.core.avro.AvroSource;
import io.sluice.core.metrics.MonitoredAgent;
import io.sluice.core.metrics.Readiness;
import io.sluice.core.runtime.NamedThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a running aggregator agent in ZooKeeper as a member of a tier: once every component of
 * the agent runs, it registers the Avro source's bound port (an {@link AggregatorMembership}).
 * While the agent is not ready ({@link Readiness}: a component waiting for a restart, an unhealthy
 * or a full channel) it leaves the tier, so edges send elsewhere, and it rejoins once it is ready
 * again; one INFO line each way says why.
 * {@link #close()} deregisters and then keeps the port open for the deregister grace, so edges move
 * away before the agent is stopped: close this before stopping the agent.
 *
 * <p>Owns its Curator client and one thread that waits for the agent. Thread-safe; {@code close()}
 * is idempotent.
 */
public final class AggregatorRegistration implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AggregatorRegistration.class);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration LOG_EVERY = Duration.ofSeconds(30);
  /** The metrics group of the registration's ZooKeeper state: {@code REGISTRATION.<tier>}. */
  public static final String METRICS_PREFIX = "REGISTRATION.";
  /** How often a registered aggregator checks that it is still ready (and samples its fill). */
  private static final Duration READINESS_CHECK = Duration.ofMillis(250);

  private final Agent agent;
  private final MonitoredAgent monitored;
  private final RegistrationSettings settings;
  private final RegisteredSource source;
  private final String host;
  private final String memberId;
  private final ExecutorService waiter;
  private final CountDownLatch registered = new CountDownLatch(1);
  private CuratorFramework client;
  private AggregatorMembership membership;
  private boolean closed;
  /** Touched by the waiter thread only. */
  private boolean announced;
  private boolean rejoining;

  /**
   * Checks the choice of source now (so a mistake fails at start-up); does not touch ZooKeeper.
   *
   * @throws IllegalArgumentException naming the source when it is missing, not Avro, or ambiguous
   */
  public AggregatorRegistration(Agent agent, RegistrationSettings settings) {
    this(agent, agent, settings);
  }

  /**
   * As {@link #AggregatorRegistration(Agent, RegistrationSettings)}, with the agent's readiness as
   * {@code monitored} reports it (e.g. with a {@link io.sluice.core.metrics.FullChannelReadiness}
   * check): while it is not ready the aggregator is not a member of its tier.
   */
  public AggregatorRegistration(Agent agent, MonitoredAgent monitored,
      RegistrationSettings settings) {
    this.agent = agent;
    this.monitored = monitored;
    this.settings = settings;
    this.source = RegisteredSource.pick(agent.config(), settings.sourceName());
    this.host = settings.advertiseHost().orElseGet(source::defaultAdvertiseHost);
    this.memberId = settings.memberId().orElse(agent.name());
    this.waiter = Executors.newSingleThreadExecutor(
        new NamedThreadFactory(agent.name() + "-zk-registration"));
    // sluice_zookeeper_connected{component_kind="registration", component=<tier>} in Prometheus.
    agent.metrics().group(METRICS_PREFIX + settings.tier())
        .gauge("ZooKeeperConnected", () -> connected() ? 1 : 0);
  }

  /** Whether the client is connected to ZooKeeper now (false before start and after close). */
  private synchronized boolean connected() {
    return client != null && !closed && client.getZookeeperClient().isConnected();
  }

  /**
   * Connects to ZooKeeper (in the background) and registers as soon as the agent is fully running
   * and ZooKeeper is reachable. Returns at once.
   */
  public synchronized void start() {
    if (closed || client != null) {
      return;
    }
    client = new ZkClientFactory(settings.zk()).start();
    waiter.execute(this::registerWhenRunning);
  }

  private void registerWhenRunning() {
    long nextLog = System.nanoTime() + LOG_EVERY.toNanos();
    try {
      int port;
      while ((port = runningPort()) == 0) {
        if (System.nanoTime() > nextLog) {
          LOG.warn("Agent {} is not fully running yet; it joins tier {} once it is", agent.name(),
              settings.tier());
          nextLog = System.nanoTime() + LOG_EVERY.toNanos();
        }
        TimeUnit.MILLISECONDS.sleep(POLL.toMillis()); // a poll: the agent has no start listener
      }
      // The pid lets operators (and drills on the same machine) find the process from the node.
      Member member = new Member(memberId, host, port, source.tls(), 100, version(),
          ProcessHandle.current().pid());
      while (followReadiness(member)) {
        TimeUnit.MILLISECONDS.sleep(READINESS_CHECK.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed while waiting
    }
  }

  /**
   * One look at the agent's readiness: joins the tier when it is ready and not a member, leaves it
   * when it is a member and not ready. Returns false once closed.
   */
  private boolean followReadiness(Member member) throws InterruptedException {
    List<String> problems = Readiness.problems(monitored);
    AggregatorMembership leaving = null;
    AggregatorMembership current;
    synchronized (this) {
      if (closed) {
        return false;
      }
      if (problems.isEmpty() && membership == null) {
        membership = new AggregatorMembership(client, settings.zk().paths(), settings.tier(),
            member);
        membership.register();
        announced = false;
      } else if (!problems.isEmpty() && membership != null) {
        leaving = membership;
        membership = null;
      }
      current = membership;
    }
    if (leaving != null) {
      LOG.info("Agent {} leaves tier {} while it is not ready: {}", agent.name(), settings.tier(),
          String.join("; ", problems));
      leaving.close();
      rejoining = true;
    }
    if (current != null && !announced && current.awaitRegistered(Duration.ZERO)) {
      announced = true;
      LOG.info(rejoining ? "Agent {} is ready again and rejoins tier {} as {} ({})"
          : "Agent {} joined tier {} as {} ({})", agent.name(), settings.tier(), memberId,
          member.address());
      registered.countDown();
    }
    return true;
  }

  /** The source's bound port once the whole agent runs; 0 before. */
  private int runningPort() {
    if (!agent.allRunning() || !(agent.source(source.name()) instanceof AvroSource avro)) {
      return 0;
    }
    return Math.max(avro.boundPort(), 0);
  }

  /** Waits for the member node to be written; true once it is. */
  public boolean awaitRegistered(Duration timeout) throws InterruptedException {
    return registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The path of the member node in ZooKeeper. */
  public String memberPath() {
    return settings.zk().paths().member(settings.tier(), memberId);
  }

  /**
   * Deregisters, keeps the port open for the deregister grace so edges move away, and closes the
   * ZooKeeper client. The agent keeps running: stop it after this.
   */
  @Override
  public void close() {
    AggregatorMembership m;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      m = membership;
    }
    waiter.shutdownNow();
    if (m != null) {
      m.close();
      try {
        // Edges learn of the delete after ZooKeeper's notification and their debounce.
        TimeUnit.MILLISECONDS.sleep(settings.deregisterGrace().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      waiter.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (client != null) {
        client.close();
      }
    }
  }

  private static String version() {
    String v = AggregatorRegistration.class.getPackage().getImplementationVersion();
    return v == null ? "" : v;
  }
}
