package io.sluice.it;

import static io.sluice.it.AgentProcessShutdownIT.connect;
import static io.sluice.it.AgentProcessShutdownIT.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.it.flume.UnpackedDistribution;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.MiniDFSNNTopology;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.UserGroupInformation.AuthenticationMethod;
import org.apache.hadoop.security.authentication.util.KerberosName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unpacked tarball's {@code bin/sluice agent} writes through its HDFS sink from {@code lib/}
 * alone (no MiniDFSCluster jars, no Hadoop web server stack, no YARN or MapReduce clients), with
 * the client configuration in {@code HADOOP_CONF_DIR}: into an HA HDFS (two NameNodes behind
 * nameservice {@code ns1}, a name only that configuration resolves), and into a Kerberized HDFS
 * (a real KDC, block access tokens, SASL on data transfer) as the principal of its keytab.
 */
class HadoopConfDirIT {
  private static final int LINES = 1000;

  @TempDir Path tmp;

  @Test
  void theAgentFindsTheNameserviceThroughHadoopConfDir() throws Exception {
    Configuration serverConf = new Configuration();
    serverConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    serverConf.setInt("dfs.replication", 1);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(serverConf)
        .nnTopology(new MiniDFSNNTopology().addNameservice(new MiniDFSNNTopology.NSConf("ns1")
            .addNN(new MiniDFSNNTopology.NNConf("nn1")).addNN(new MiniDFSNNTopology.NNConf("nn2"))))
        .numDataNodes(1).build();
    try {
      cluster.waitActive();
      cluster.transitionToActive(0);
      Configuration client = new Configuration(false);
      client.set("dfs.nameservices", "ns1");
      client.set("dfs.ha.namenodes.ns1", "nn1,nn2");
      for (int i = 0; i < 2; i++) {
        client.set("dfs.namenode.rpc-address.ns1.nn" + (i + 1),
            "localhost:" + cluster.getNameNode(i).getNameNodeAddress().getPort());
      }
      client.set("dfs.client.failover.proxy.provider.ns1",
          "org.apache.hadoop.hdfs.server.namenode.ha.ConfiguredFailoverProxyProvider");
      client.set("dfs.replication", "1");

      Path log = runAgent(client, Map.of(), Map.of("hdfs.path", "hdfs://ns1/it/logs"));
      try (FileSystem fs = FileSystem.newInstance(URI.create("hdfs://ns1/"),
          new Configuration(client))) {
        assertLanded(fs, "/it/logs", null, log);
      }
    } finally {
      cluster.shutdown(true);
    }
  }

  /** Kerberos from lib/ alone: Hadoop's auth, Kerby's keytab reader, the JDK's GSS. */
  @Test
  void theAgentWritesToAKerberizedHdfsAsItsKeytabsPrincipal() throws Exception {
    MiniKdc kdc = new MiniKdc(MiniKdc.createConf(),
        Files.createDirectories(tmp.resolve("kdc")).toFile());
    kdc.start();
    try {
      // Hadoop caches the default realm on first use: read it again from MiniKdc's krb5.conf.
      KerberosName.resetDefaultRealm();
      String realm = kdc.getRealm();
      Path serverKeytab = tmp.resolve("hdfs.keytab");
      kdc.createPrincipal(serverKeytab.toFile(), "hdfs/localhost", "HTTP/localhost");
      Path sinkKeytab = tmp.resolve("sink.keytab");
      kdc.createPrincipal(sinkKeytab.toFile(), "sink/localhost");
      String hdfsPrincipal = "hdfs/localhost@" + realm;

      Configuration server = new HdfsConfiguration();
      SecurityUtil.setAuthenticationMethod(AuthenticationMethod.KERBEROS, server);
      for (String role : List.of("namenode", "datanode")) {
        server.set("dfs." + role + ".kerberos.principal", hdfsPrincipal);
        server.set("dfs." + role + ".keytab.file", serverKeytab.toString());
      }
      server.set("dfs.web.authentication.kerberos.principal", "HTTP/localhost@" + realm);
      server.set("dfs.web.authentication.kerberos.keytab", serverKeytab.toString());
      server.setBoolean("dfs.block.access.token.enable", true);
      server.set("dfs.data.transfer.protection", "authentication");
      server.setBoolean("ignore.secure.ports.for.testing", true); // no privileged ports here
      server.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
      server.setInt("dfs.replication", 1);
      UserGroupInformation.setConfiguration(server);
      MiniDFSCluster cluster = new MiniDFSCluster.Builder(server).numDataNodes(1).build();
      try {
        cluster.waitActive();
        UserGroupInformation admin = UserGroupInformation.loginUserFromKeytabAndReturnUGI(
            hdfsPrincipal, serverKeytab.toString());
        Configuration client = new Configuration(false);
        client.set("hadoop.security.authentication", "kerberos");
        client.set("dfs.namenode.kerberos.principal", hdfsPrincipal);
        client.set("dfs.data.transfer.protection", "authentication");
        client.set("dfs.replication", "1");
        asUser(admin, () -> {
          try (FileSystem fs = FileSystem.newInstance(cluster.getURI(), server)) {
            fs.mkdirs(new org.apache.hadoop.fs.Path("/it/secure"), new FsPermission((short) 0777));
            fs.setPermission(new org.apache.hadoop.fs.Path("/it/secure"),
                new FsPermission((short) 0777));
          }
          return null;
        });

        Path log = runAgent(client,
            Map.of("JAVA_OPTS", "-Djava.security.krb5.conf=" + kdc.getKrb5conf()),
            Map.of("hdfs.path", cluster.getURI() + "/it/secure",
                "hdfs.kerberosPrincipal", "sink/localhost@" + realm,
                "hdfs.kerberosKeytab", sinkKeytab.toString()));
        asUser(admin, () -> {
          try (FileSystem fs = FileSystem.newInstance(cluster.getURI(), server)) {
            assertLanded(fs, "/it/secure", "sink", log);
          }
          return null;
        });
      } finally {
        cluster.shutdown(true);
      }
    } finally {
      kdc.stop();
      // Hadoop's security state is process-wide: leave simple authentication to the next test.
      UserGroupInformation.reset();
      UserGroupInformation.setConfiguration(new Configuration());
    }
  }

  private static void asUser(UserGroupInformation ugi, PrivilegedExceptionAction<Void> action)
      throws Exception {
    ugi.doAs(action);
  }

  /**
   * Runs the tarball's agent (netcat, memory channel, HDFS sink with {@code sinkKeys}) with
   * {@code client} as {@code HADOOP_CONF_DIR}'s {@code hdfs-site.xml}, sends {@link #LINES} lines,
   * each acknowledged, and stops it with SIGTERM, which drains the channel and closes the file.
   * Returns the agent's log.
   */
  private Path runAgent(Configuration client, Map<String, String> env,
      Map<String, String> sinkKeys) throws Exception {
    Path hadoopConf = Files.createDirectories(tmp.resolve("etc-hadoop"));
    try (OutputStream out = Files.newOutputStream(hadoopConf.resolve("hdfs-site.xml"))) {
      client.writeXml(out);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Map<String, String> sink = new HashMap<>(Map.of("type", "hdfs", "hdfs.fileType", "DataStream",
        "hdfs.rollCount", "0", "hdfs.rollSize", "0", "hdfs.rollInterval", "0"));
    sink.putAll(sinkKeys);
    Path conf = tmp.resolve("agent.properties");
    Files.writeString(conf, NetcatAgentConfig.of(port,
        Map.of("type", "memory", "capacity", "100000"), sink));
    Map<String, String> agentEnv = new HashMap<>(env);
    agentEnv.put("HADOOP_CONF_DIR", hadoopConf.toString());
    Path log = tmp.resolve("agent.log");
    Process agent = UnpackedDistribution.unpack(tmp).launcher("sluice", agentEnv, "agent", "-n",
            "a1", "-f", conf.toString(), "--shutdown-grace", "60")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      try (Socket socket = connect(port, agent, log)) {
        OutputStream os = socket.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
            StandardCharsets.UTF_8));
        for (int i = 0; i < LINES; i++) {
          os.write(("line-" + i + "\n").getBytes(StandardCharsets.UTF_8));
          os.flush();
          assertEquals("OK", in.readLine());
        }
      }
      agent.destroy();
      assertTrue(agent.waitFor(90, TimeUnit.SECONDS), () -> "agent did not stop: " + read(log));
    } finally {
      agent.destroyForcibly();
    }
    return log;
  }

  /**
   * Every line sent is in a closed (not {@code .tmp}) file under {@code dir}, once; the files are
   * owned by {@code owner} when it is not null.
   */
  private static void assertLanded(FileSystem fs, String dir, String owner, Path log)
      throws Exception {
    List<String> lines = new ArrayList<>();
    Map<String, Long> files = new TreeMap<>();
    Set<String> owners = new TreeSet<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(dir), true);
    while (it.hasNext()) {
      LocatedFileStatus st = it.next();
      files.put(st.getPath().getName(), st.getLen());
      owners.add(st.getOwner());
      try (var in = fs.open(st.getPath())) {
        lines.addAll(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
      }
    }
    assertTrue(files.keySet().stream().noneMatch(n -> n.endsWith(".tmp")), files::toString);
    if (owner != null) {
      assertEquals(Set.of(owner), owners, files::toString);
    }
    lines.sort(null);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < LINES; i++) {
      expected.add("line-" + i);
    }
    expected.sort(null);
    assertEquals(expected, lines, () -> "log:\n" + read(log));
  }
}
