package io.sluice.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.coordination.ZkClientFactory;
import io.sluice.coordination.ZkSettings;
import io.sluice.core.agent.AgentOptions;
import io.sluice.rpc.TestTls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent reads its config from a ZooKeeper that only speaks TLS ({@code secureClientPort},
 * Netty), with ZooKeeper's own client settings from the file {@code $SLUICE_ZK_CLIENT_CONFIG}
 * names ({@code zookeeper.client.secure=true} and the truststore); without them it never gets a
 * session and says so.
 */
class ZkAgentOverTlsTest {
  @TempDir Path tmp;

  @Test
  void anAgentReadsItsConfigOverTlsWithTheNamedClientSettings() throws Exception {
    TestTls tls = TestTls.create(tmp);
    Path clientConfig = Files.writeString(tmp.resolve("zk-client.properties"), """
        zookeeper.client.secure=true
        zookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty
        zookeeper.ssl.trustStore.location=%s
        zookeeper.ssl.trustStore.password=%s
        zookeeper.ssl.trustStore.type=JKS
        """.formatted(tls.trust().path(), TestTls.PASSWORD));
    Properties before = (Properties) System.getProperties().clone();
    try (TlsZooKeeper zk = new TlsZooKeeper(tmp.resolve("zk"), tls)) {
      String connect = "127.0.0.1:" + zk.port;
      Map<String, String> env = new HashMap<>(Map.of(
          ZkSettings.CLIENT_CONFIG_ENV, clientConfig.toString(),
          ZkCommands.CONNECT_WAIT_ENV, "20"));
      try (CuratorFramework c = new ZkClientFactory(ZkSettings.of(connect, "g")
          .withEnvironment(env)).startConnected(Duration.ofSeconds(20))) {
        c.create().creatingParentsIfNeeded().forPath("/flume/a1",
            ValidateCommandTest.GOOD.getBytes(StandardCharsets.UTF_8));
      }
      AgentCommandLine cl = AgentCommandLine.parse(List.of("-n", "a1", "-z", connect, "-p",
          "/flume", "--no-reload-conf"));
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      SluiceMain.Started ok = ZkAgent.start(cl, AgentOptions.defaults(), env,
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(ExitCode.OK, ok.code(), err.toString(StandardCharsets.UTF_8));
      ZkAgent agent = (ZkAgent) ok.running();
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.application().agent().metrics()
            .value(ZkAgent.METRICS_PREFIX + "a1", "ZooKeeperConnected") == 1);
      } finally {
        agent.close();
      }

      // Plain text to a TLS port: no session, and a clear error rather than a hang.
      err.reset();
      SluiceMain.Started plain = ZkAgent.start(cl, AgentOptions.defaults(),
          Map.of(ZkCommands.CONNECT_WAIT_ENV, "2"), new PrintStream(err, true,
              StandardCharsets.UTF_8));
      assertEquals(ExitCode.UNAVAILABLE, plain.code(), err.toString(StandardCharsets.UTF_8));
      assertTrue(err.toString(StandardCharsets.UTF_8).contains(connect),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      // ZooKeeper's server reads its TLS settings from system properties: leave none behind.
      System.setProperties(before);
    }
  }

  /** ZooKeeper's own standalone server with only a TLS client port, on a thread of its own. */
  private static final class TlsZooKeeper extends ZooKeeperServerMain implements AutoCloseable {
    final int port;
    private final Thread thread;

    TlsZooKeeper(Path dataDir, TestTls tls) throws Exception {
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Properties p = new Properties();
      p.setProperty("dataDir", Files.createDirectories(dataDir).toString());
      p.setProperty("secureClientPort", Integer.toString(port));
      p.setProperty("secureClientPortAddress", "127.0.0.1");
      // Keys ZooKeeper does not know become zookeeper.* system properties, as its docs say.
      p.setProperty("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
      p.setProperty("ssl.keyStore.location", tls.serverKeys().path().toString());
      p.setProperty("ssl.keyStore.password", TestTls.PASSWORD);
      p.setProperty("ssl.keyStore.type", "PKCS12");
      p.setProperty("ssl.clientAuth", "none");
      p.setProperty("admin.enableServer", "false");
      QuorumPeerConfig parsed = new QuorumPeerConfig();
      parsed.parseProperties(p);
      ServerConfig config = new ServerConfig();
      config.readFrom(parsed);
      thread = new Thread(() -> {
        try {
          runFromConfig(config);
        } catch (Exception e) {
          throw new IllegalStateException("the TLS ZooKeeper failed", e);
        }
      }, "tls-zookeeper");
      thread.start();
    }

    @Override
    public void close() {
      shutdown();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
