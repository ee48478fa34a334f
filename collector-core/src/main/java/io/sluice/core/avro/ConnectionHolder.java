package io.sluice.core.avro;

import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcException;
import java.time.Clock;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Avro sink's one connection: made lazily on first use, replaced after any failure (the next
 * {@link #client()} reconnects) and when {@code reset-connection-interval} has passed. Used by the
 * sink runner's thread; {@link #close()} may come from another thread, hence the locking.
 */
final class ConnectionHolder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHolder.class);
  private final AvroSinkConfig config;
  private final ThreadFactory threads;
  private final Clock clock;
  private final AvroSinkCounters counters;
  private AvroRpcClient client;
  private long connectedAtMillis;
  private boolean closed;

  ConnectionHolder(AvroSinkConfig config, ThreadFactory threads, Clock clock,
      AvroSinkCounters counters) {
    this.config = config;
    this.threads = threads;
    this.clock = clock;
    this.counters = counters;
  }

  /**
   * An active client, connecting first when there is none, the last one failed, or the reset
   * interval has passed.
   *
   * @throws RpcException naming the peer when connecting fails (counted as ConnectionFailedCount)
   */
  synchronized AvroRpcClient client() throws RpcException {
    if (closed) {
      throw new RpcException("sink stopped; not connecting to " + config.peer());
    }
    if (client != null && (!client.isActive() || resetDue())) {
      if (client.isActive()) {
        LOG.info("Replacing the connection to {} (reset-connection-interval = {} s)",
            config.peer(), config.resetConnectionInterval().toSeconds());
      }
      disconnect();
    }
    if (client == null) {
      try {
        client = AvroRpcClient.connect(config.toClientConfig(threads));
      } catch (RpcException | RuntimeException e) {
        counters.connectionFailed();
        throw e instanceof RpcException r ? r
            : new RpcException("Cannot connect to " + config.peer() + ": " + e.getMessage(), e);
      }
      connectedAtMillis = clock.millis();
      counters.connectionCreated();
      LOG.info("Connected to {}", config.peer());
    }
    return client;
  }

  private boolean resetDue() {
    long interval = config.resetConnectionInterval().toMillis();
    return interval > 0 && clock.millis() - connectedAtMillis >= interval;
  }

  /** Drops the current connection, if any; the next {@link #client()} makes a new one. */
  synchronized void disconnect() {
    if (client != null) {
      client.close();
      client = null;
      counters.connectionClosed();
    }
  }

  /** Disconnects for good. */
  @Override
  public synchronized void close() {
    closed = true;
    disconnect();
  }

  synchronized void reopen() {
    closed = false;
  }
}
