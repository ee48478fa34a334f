package io.sluice.deploy.quickstart;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;

/**
 * The quickstart's standalone ZooKeeper server on a fixed loopback port. Unlike ZooKeeper's
 * embedded server it can be stopped and started again on the same port and data (sessions and
 * ephemeral nodes survive a short stop, as with a real server restart), and it can expire one
 * session by id, which drills use. Not thread-safe: the cluster host's main thread drives it.
 */
final class LocalZooKeeper implements AutoCloseable {
  static final int TICK_MILLIS = 2000;
  private static final int MAX_CONNECTIONS = 200;

  private final Path dataDir;
  private final int port;
  private FileTxnSnapLog log;
  private ZooKeeperServer server;
  private ServerCnxnFactory connections;

  LocalZooKeeper(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /** Starts serving (loading what the data directory holds); an error if it already runs. */
  void start() throws IOException, InterruptedException {
    if (server != null) {
      throw new IllegalStateException("ZooKeeper already runs on port " + port);
    }
    Files.createDirectories(dataDir);
    FileTxnSnapLog l = new FileTxnSnapLog(dataDir.toFile(), dataDir.toFile());
    ZooKeeperServer s = new ZooKeeperServer(l, TICK_MILLIS, "");
    ServerCnxnFactory f = ServerCnxnFactory.createFactory(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), MAX_CONNECTIONS);
    try {
      f.startup(s);
    } catch (IOException | InterruptedException | RuntimeException e) {
      f.shutdown();
      s.shutdown();
      l.close();
      throw e;
    }
    log = l;
    server = s;
    connections = f;
  }

  /** Stops serving: clients see their connection drop and retry. An error if it is stopped. */
  void stop() throws IOException {
    if (server == null) {
      throw new IllegalStateException("ZooKeeper is already stopped");
    }
    try {
      connections.shutdown();
      server.shutdown();
    } finally {
      server = null;
      connections = null;
      log.close();
      log = null;
    }
  }

  boolean running() {
    return server != null;
  }

  /**
   * Expires one session as the server would after its timeout: its ephemeral nodes go, its client
   * is told the session expired when it next talks to the server.
   *
   * @throws IllegalArgumentException naming the session when the server does not know it
   */
  void expire(long sessionId) {
    if (server == null) {
      throw new IllegalStateException("ZooKeeper is stopped: no session to expire");
    }
    if (!server.getSessionTracker().isTrackingSession(sessionId)) {
      throw new IllegalArgumentException("ZooKeeper has no session 0x" + Long.toHexString(sessionId));
    }
    server.expire(sessionId);
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      stop();
    }
  }
}
