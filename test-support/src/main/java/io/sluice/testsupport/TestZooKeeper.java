package io.sluice.testsupport;

import io.sluice.coordination.ZkClientFactory;
import io.sluice.coordination.ZkSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;

/**
 * A real ZooKeeper server in this JVM (Curator's {@link TestingServer}) on a free port, with the
 * clients a test opens through it; {@link #close()} closes those clients, then the server.
 */
public final class TestZooKeeper implements AutoCloseable {
  private final TestingServer server;
  private final List<CuratorFramework> clients = new ArrayList<>();

  private TestZooKeeper(TestingServer server) {
    this.server = server;
  }

  /** A started server. */
  public static TestZooKeeper start() throws Exception {
    return new TestZooKeeper(new TestingServer(true));
  }

  public String connectString() {
    return server.getConnectString();
  }

  public int port() {
    return server.getPort();
  }

  /** Sluice's settings for cluster {@code cluster} on this server, with the default timeouts. */
  public ZkSettings settings(String cluster) {
    return ZkSettings.of(connectString(), cluster);
  }

  /** A started client for {@code settings}, closed with this server. */
  public synchronized CuratorFramework client(ZkSettings settings) {
    CuratorFramework c = new ZkClientFactory(settings).start();
    clients.add(c);
    return c;
  }

  /** A started client for cluster {@code cluster}, closed with this server. */
  public CuratorFramework client(String cluster) {
    return client(settings(cluster));
  }

  /** Stops the server, keeping its data, as an outage would; {@link #restart()} brings it back. */
  public void stop() throws IOException {
    server.stop();
  }

  public void restart() throws Exception {
    server.restart();
  }

  /** The Curator server itself, for what this class does not wrap. */
  public TestingServer server() {
    return server;
  }

  @Override
  public synchronized void close() throws IOException {
    for (int i = clients.size() - 1; i >= 0; i--) {
      clients.get(i).close();
    }
    clients.clear();
    server.close();
  }
}
