package io.sluice.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL identities in Sluice's ACLs, against a real ZooKeeper that authenticates clients with SASL
 * (DIGEST-MD5 through a JAAS file, the same path Kerberos takes): an aggregator's principal may only
 * register itself, the operator's changes the topology. JAAS and ZooKeeper's auth providers are
 * JVM-wide, so the server and the clients run in a child JVM; it prints one line per check.
 */
class SaslAclTest {
  @TempDir Path tmp;

  @Test
  void anAggregatorPrincipalCannotRewriteTheTopologyAndTheOperatorsCan() throws Exception {
    Path jaas = Files.writeString(tmp.resolve("jaas.conf"), """
        Server {
          org.apache.zookeeper.server.auth.DigestLoginModule required
          user_ops="ops-secret" user_agg="agg-secret";
        };
        OpsClient {
          org.apache.zookeeper.server.auth.DigestLoginModule required
          username="ops" password="ops-secret";
        };
        AggClient {
          org.apache.zookeeper.server.auth.DigestLoginModule required
          username="agg" password="agg-secret";
        };
        """);
    Path out = tmp.resolve("child.out");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-Djava.security.auth.login.config=" + jaas,
        "-Dzookeeper.authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
        // Off for every client but the ones Sluice turns it on for (SLUICE_ZK_SASL).
        "-Dzookeeper.sasl.client=false",
        "-cp", System.getProperty("java.class.path"), Child.class.getName())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(child.waitFor(2, TimeUnit.MINUTES), "child did not finish");
    String output = Files.readString(out);
    assertEquals(0, child.exitValue(), output);
    for (String check : List.of(
        "CHECK operator push: ok",
        "CHECK aggregator registered: true",
        "CHECK edge sees: [agg-1]",
        "CHECK aggregator push: ZkUnavailableException not authorised",
        "CHECK aggregator setData topology: NoAuthException",
        "CHECK aggregator config push: ZkUnavailableException not authorised",
        "CHECK anonymous create member: NoAuthException",
        "CHECK operator push over it: ok",
        "CHECK topology acl: [sasl:ops/31, world:anyone/1]",
        "CHECK members acl: [sasl:ops/31, world:anyone/1, sasl:agg/13]",
        "CHECK missing section: IllegalArgumentException SLUICE_ZK_SASL=NoSuchSection: the JAAS file")) {
      assertTrue(output.contains(check), check + " in:\n" + output);
    }
  }

  /** Runs in the child JVM with JAAS and the SASL auth provider set up. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      try (TestingServer server = new TestingServer(true)) {
        String connect = server.getConnectString();
        ZkSettings ops = Zk.settings(connect, "sasl").withEnvironment(Map.of(
            ZkSettings.SASL_ENV, "OpsClient", ZkSettings.AGGREGATORS_ENV, "sasl:agg"));
        ZkSettings agg = Zk.settings(connect, "sasl")
            .withEnvironment(Map.of(ZkSettings.SASL_ENV, "AggClient"));
        ZkSettings edge = Zk.settings(connect, "sasl");
        try (CuratorFramework oc = Zk.client(ops); CuratorFramework gc = Zk.client(agg);
            CuratorFramework ec = Zk.client(edge);
            AggregatorMembership reg = new AggregatorMembership(gc, agg.paths(), "aggs",
                Zk.member("agg-1", 4141))) {
          run(oc, gc, ec, reg, ops.paths());
        }
        check("missing section", outcome(() -> Zk.client(Zk.settings(connect, "sasl")
            .withEnvironment(Map.of(ZkSettings.SASL_ENV, "NoSuchSection"))).close()));
      }
    }

    private static void run(CuratorFramework oc, CuratorFramework gc, CuratorFramework ec,
        AggregatorMembership reg, ZkPaths paths) throws Exception {
      check("operator push", outcome(() ->
          new TopologyStore(oc, paths).push(TopologyStoreTest.doc("web", "aggs", 5), 0)));
      reg.register();
      check("aggregator registered", reg.awaitRegistered(Duration.ofSeconds(20)));
      check("edge sees", new MembershipQuery(ec, paths).tier("aggs").stream().map(Member::id)
          .toList());
      check("aggregator push", outcome(() ->
          new TopologyStore(gc, paths).push(TopologyStoreTest.doc("web", "evil", 1), 1)));
      check("aggregator setData topology", outcome(() ->
          gc.setData().forPath(paths.topology(), "x".getBytes())));
      check("aggregator config push", outcome(() ->
          new AgentConfigStore(gc, paths).push("e1", "e1.sources = evil\n")));
      check("anonymous create member", outcome(() ->
          ec.create().forPath(paths.member("aggs", "rogue"), "{}".getBytes())));
      check("operator push over it", outcome(() ->
          new TopologyStore(oc, paths).push(TopologyStoreTest.doc("web", "aggs", 6), 1)));
      check("topology acl", acl(oc.getACL().forPath(paths.topology())));
      check("members acl", acl(oc.getACL().forPath(paths.members("aggs"))));
    }

    private static String acl(List<ACL> acl) {
      return acl.stream().map(a -> a.getId().getScheme() + ":" + a.getId().getId() + "/"
          + a.getPerms()).collect(Collectors.joining(", ", "[", "]"));
    }

    private interface Step {
      void run() throws Exception;
    }

    /** {@code ok}, or the failure's class and what it says about authorisation. */
    private static String outcome(Step step) {
      try {
        step.run();
        return "ok";
      } catch (Exception e) {
        String m = String.valueOf(e.getMessage());
        return e.getClass().getSimpleName()
            + (m.contains("not authorised") ? " not authorised" : e instanceof
            IllegalArgumentException ? " " + m : "");
      }
    }

    private static void check(String what, Object result) {
      System.out.println("CHECK " + what + ": " + result);
    }
  }
}
