package io.sluice.aggregator.hdfs;

import io.sluice.testsupport.hdfs.MiniHdfs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation.AuthenticationMethod;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.authentication.util.KerberosName;

/**
 * A real KDC (Hadoop's MiniKdc) and a Kerberos-secured MiniDFSCluster with block access tokens and
 * SASL on data transfer, set up the way Hadoop's own secure HDFS tests do it. Principals
 * {@code sink1/localhost} and {@code sink2/localhost} are in {@link #keytab} for the sinks, and
 * {@code sink1} may impersonate anyone. Hadoop's security state is process-wide, so these tests run
 * in their own JVM (see the module's surefire executions).
 */
final class SecureHdfs implements AutoCloseable {
  final MiniKdc kdc;
  final Path keytab;
  final String realm;
  final MiniDFSCluster cluster;
  final Configuration serverConf;

  /** With tickets that live {@code ticketSeconds} (0: MiniKdc's default, a day). */
  SecureHdfs(Path dir, long ticketSeconds) throws Exception {
    Properties kdcConf = MiniKdc.createConf();
    if (ticketSeconds > 0) {
      kdcConf.setProperty(MiniKdc.MAX_TICKET_LIFETIME, Long.toString(ticketSeconds));
      kdcConf.setProperty(MiniKdc.MIN_TICKET_LIFETIME, Long.toString(ticketSeconds));
    }
    File kdcDir = Files.createDirectories(dir.resolve("kdc")).toFile();
    kdc = new MiniKdc(kdcConf, kdcDir);
    kdc.start();
    realm = kdc.getRealm();
    // Hadoop caches the default realm on first use: read it again from MiniKdc's krb5.conf.
    KerberosName.resetDefaultRealm();
    keytab = dir.resolve("test.keytab");
    kdc.createPrincipal(keytab.toFile(), "hdfs/localhost", "HTTP/localhost", "sink1/localhost",
        "sink2/localhost");

    String hdfsPrincipal = "hdfs/localhost@" + realm;
    Configuration c = new HdfsConfiguration();
    SecurityUtil.setAuthenticationMethod(AuthenticationMethod.KERBEROS, c);
    c.set("dfs.namenode.kerberos.principal", hdfsPrincipal);
    c.set("dfs.namenode.keytab.file", keytab.toString());
    c.set("dfs.datanode.kerberos.principal", hdfsPrincipal);
    c.set("dfs.datanode.keytab.file", keytab.toString());
    c.set("dfs.web.authentication.kerberos.principal", "HTTP/localhost@" + realm);
    c.set("dfs.web.authentication.kerberos.keytab", keytab.toString());
    c.setBoolean("dfs.block.access.token.enable", true);
    c.set("dfs.data.transfer.protection", "authentication");
    // no privileged ports (root) here: Hadoop's switch for its own secure tests
    c.setBoolean("ignore.secure.ports.for.testing", true);
    c.set("hadoop.proxyuser.sink1.hosts", "*");
    c.set("hadoop.proxyuser.sink1.groups", "*");
    c.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
    c.setInt("dfs.replication", 1);
    // let short test tickets be renewed as soon as they are due (default: at most once a minute)
    c.setInt("hadoop.kerberos.min.seconds.before.relogin", 1);
    serverConf = c;
    UserGroupInformation.setConfiguration(c);
    cluster = new MiniDFSCluster.Builder(c).numDataNodes(1).build();
    cluster.waitActive();
  }

  /** The client configuration a sink needs (what a secure cluster's hdfs-site.xml says). */
  Configuration clientConf() {
    Configuration c = MiniHdfs.clientConf(1);
    SecurityUtil.setAuthenticationMethod(AuthenticationMethod.KERBEROS, c);
    c.set("dfs.namenode.kerberos.principal", serverConf.get("dfs.namenode.kerberos.principal"));
    c.set("dfs.data.transfer.protection", "authentication");
    c.setBoolean("fs.automatic.close", false);
    return c;
  }

  /**
   * A sink writing as {@code sink1} into a world-writable {@code dir}, its connections closed after
   * 0.5 s idle so that new ones must authenticate with the ticket in hand; DataStream, one file
   * per {@code hdfs.rollCount} events unless {@code keyValues} say otherwise.
   */
  SinkHarness sink1(String dir, java.time.Clock clock, String... keyValues) throws Exception {
    try (FileSystem admin = adminFs()) {
      admin.mkdirs(new org.apache.hadoop.fs.Path(dir));
      admin.setPermission(new org.apache.hadoop.fs.Path(dir),
          new org.apache.hadoop.fs.permission.FsPermission((short) 0777));
    }
    Configuration conf = clientConf();
    conf.setInt("ipc.client.connection.maxidletime", 500);
    return new SinkHarness("k1", SinkHarness.keys(java.util.Map.of("hdfs.path", uri() + dir,
        "hdfs.kerberosPrincipal", "sink1/localhost@" + realm, "hdfs.kerberosKeytab",
        keytab.toString(), "hdfs.fileType", "DataStream", "hdfs.rollInterval", "0",
        "hdfs.rollSize", "0", "hdfs.batchSize", "50", "hdfs.retryInterval", "1"), keyValues),
        clock, conf, new KerberosLogins());
  }

  String uri() {
    return "hdfs://localhost:" + cluster.getNameNodePort();
  }

  /** A file system as the HDFS superuser (the NameNode's principal). */
  FileSystem adminFs() throws Exception {
    UserGroupInformation admin = UserGroupInformation.loginUserFromKeytabAndReturnUGI(
        "hdfs/localhost@" + realm, keytab.toString());
    return admin.doAs((java.security.PrivilegedExceptionAction<FileSystem>) () ->
        FileSystem.newInstance(cluster.getURI(), clientConf()));
  }

  /**
   * Takes the KDC off the network (its database and krb5.conf stay, as in a real outage);
   * {@link #kdcUp()} brings it back on the same port. MiniKdc offers no such switch: its Kerby
   * server's network part is reached by reflection.
   */
  void kdcDown() throws Exception {
    Object network = kdcNetwork();
    network.getClass().getMethod("stop").invoke(network);
  }

  void kdcUp() throws Exception {
    Object network = kdcNetwork();
    network.getClass().getMethod("start").invoke(network);
  }

  private Object kdcNetwork() throws ReflectiveOperationException {
    java.lang.reflect.Field simple = MiniKdc.class.getDeclaredField("simpleKdc");
    simple.setAccessible(true);
    Object server = simple.get(kdc);
    java.lang.reflect.Field inner = server.getClass().getSuperclass().getDeclaredField("innerKdc");
    inner.setAccessible(true);
    return inner.get(server);
  }

  @Override
  public void close() {
    cluster.shutdown(true);
    kdc.stop();
  }
}
