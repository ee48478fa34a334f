package io.sluice.aggregator.registration;

import io.sluice.coordination.AggregatorMembership;
import io.sluice.coordination.Member;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.core.agent.Agent;
import io.sluice.core.avro.AvroSource;
import io.sluice.core.runtime.NamedThreadFactory;
import java.time.Duration;
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

  private final Agent agent;
  private final RegistrationSettings settings;
  private final RegisteredSource source;
  private final String host;
  private final String memberId;
  private final ExecutorService waiter;
  private final CountDownLatch registered = new CountDownLatch(1);
  private CuratorFramework client;
  private AggregatorMembership membership;
  private boolean closed;

  /**
   * Checks the choice of source now (so a mistake fails at start-up); does not touch ZooKeeper.
   *
   * @throws IllegalArgumentException naming the source when it is missing, not Avro, or ambiguous
   */
  public AggregatorRegistration(Agent agent, RegistrationSettings settings) {
    this.agent = agent;
    this.settings = settings;
    this.source = RegisteredSource.pick(agent.config(), settings.sourceName());
    this.host = settings.advertiseHost().orElseGet(source::defaultAdvertiseHost);
    this.memberId = settings.memberId().orElse(agent.name());
    this.waiter = Executors.newSingleThreadExecutor(
        new NamedThreadFactory(agent.name() + "-zk-registration"));
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
      synchronized (this) {
        if (closed) {
          return;
        }
        membership = new AggregatorMembership(client, settings.zk().paths(), settings.tier(),
            member);
        membership.register();
      }
      if (membership.awaitRegistered(Duration.ofDays(365))) {
        LOG.info("Agent {} joined tier {} as {} ({})", agent.name(), settings.tier(), memberId,
            member.address());
        registered.countDown();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed while waiting
    }
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
