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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.MiniDFSNNTopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent process started with {@code HADOOP_CONF_DIR} naming the client configuration of an HA
 * HDFS (two NameNodes behind nameservice {@code ns1}) writes to {@code hdfs://ns1/...}, a name only
 * that configuration resolves. It is the unpacked tarball's {@code bin/sluice agent}, so the HDFS
 * sink runs from {@code lib/} alone (no MiniDFSCluster jars, no YARN or MapReduce clients).
 */
class HadoopConfDirIT {
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
      Path hadoopConf = Files.createDirectories(tmp.resolve("etc-hadoop"));
      try (OutputStream out = Files.newOutputStream(hadoopConf.resolve("hdfs-site.xml"))) {
        client.writeXml(out);
      }

      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Path conf = tmp.resolve("agent.properties");
      Files.writeString(conf, NetcatAgentConfig.of(port, Map.of("type", "memory", "capacity", "100000"),
          Map.of("type", "hdfs", "hdfs.path", "hdfs://ns1/it/logs", "hdfs.fileType", "DataStream",
              "hdfs.rollCount", "0", "hdfs.rollSize", "0", "hdfs.rollInterval", "0")));
      Path log = tmp.resolve("agent.log");
      Process agent = UnpackedDistribution.unpack(tmp).launcher("sluice",
              Map.of("HADOOP_CONF_DIR", hadoopConf.toString()), "agent", "-n", "a1", "-f",
              conf.toString(), "--shutdown-grace", "60")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        try (Socket socket = connect(port, agent, log)) {
          OutputStream os = socket.getOutputStream();
          BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
              StandardCharsets.UTF_8));
          for (int i = 0; i < 1000; i++) {
            os.write(("line-" + i + "\n").getBytes(StandardCharsets.UTF_8));
            os.flush();
            assertEquals("OK", in.readLine());
          }
        }
        agent.destroy(); // SIGTERM: drains the memory channel into HDFS and closes the file
        assertTrue(agent.waitFor(90, TimeUnit.SECONDS), () -> "agent did not stop: " + read(log));
      } finally {
        agent.destroyForcibly();
      }

      Configuration reader = new Configuration(client);
      List<String> lines = new ArrayList<>();
      Map<String, Long> files = new TreeMap<>();
      try (FileSystem fs = FileSystem.newInstance(URI.create("hdfs://ns1/"), reader)) {
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path("/it/logs"), true);
        while (it.hasNext()) {
          LocatedFileStatus st = it.next();
          files.put(st.getPath().getName(), st.getLen());
          try (var in = fs.open(st.getPath())) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            lines.addAll(List.of(text.split("\n")));
          }
        }
      }
      assertTrue(files.keySet().stream().noneMatch(n -> n.endsWith(".tmp")), files::toString);
      lines.sort(null);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        expected.add("line-" + i);
      }
      expected.sort(null);
      assertEquals(expected, lines, () -> "log:\n" + read(log));
    } finally {
      cluster.shutdown(true);
    }
  }
}
