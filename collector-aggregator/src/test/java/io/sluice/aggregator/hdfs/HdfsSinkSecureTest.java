package io.sluice.aggregator.hdfs;

import static io.sluice.aggregator.hdfs.SinkHarness.events;
import static io.sluice.aggregator.hdfs.SinkHarness.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.testutil.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink on a Kerberos-secured HDFS (MiniKdc + MiniDFSCluster with block access tokens and SASL
 * data transfer): Flume's keys, one login per principal shared by sinks, two principals in one
 * process, proxy users, and clear errors for a wrong principal or keytab.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsSinkSecureTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private SecureHdfs secure;
  private FileSystem admin;
  private final KerberosLogins logins = new KerberosLogins();
  private final List<HdfsSink> started = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    secure = new SecureHdfs(tmp, 0);
    admin = secure.adminFs();
    admin.mkdirs(new org.apache.hadoop.fs.Path("/secure"), new FsPermission((short) 0777));
    admin.setPermission(new org.apache.hadoop.fs.Path("/secure"), new FsPermission((short) 0777));
  }

  @AfterAll
  void stop() throws IOException {
    if (admin != null) {
      admin.close();
    }
    if (secure != null) {
      secure.close();
    }
  }

  @AfterEach
  void stopSinks() {
    started.forEach(HdfsSink::stop);
    started.clear();
  }

  private SinkHarness sink(String name, String dir, String... keyValues) {
    return sink(logins, name, dir, keyValues);
  }

  private SinkHarness sink(KerberosLogins logins, String name, String dir, String... keyValues) {
    Map<String, String> raw = SinkHarness.keys(Map.of("hdfs.path", secure.uri() + "/secure/" + dir,
        "hdfs.fileType", "DataStream", "hdfs.rollInterval", "0", "hdfs.rollSize", "0",
        "hdfs.rollCount", "0", "hdfs.batchSize", "50", "hdfs.retryInterval", "1"), keyValues);
    return new SinkHarness(name, raw, new MutableClock(1_700_000_000_000L), secure.clientConf(), logins);
  }

  private String principal(String user) {
    return user + "/_HOST@" + secure.realm;
  }

  private List<FileStatus> landed(String dir, int expected) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (org.apache.hadoop.fs.Path p : files(admin, new org.apache.hadoop.fs.Path("/secure/" + dir))) {
      out.add(admin.getFileStatus(p));
      assertTrue(!p.getName().endsWith(".tmp"), "in use: " + p);
      lines.addAll(SinkHarness.readText(admin, p, secure.clientConf()));
    }
    assertEquals(IntStream.range(0, expected).mapToObj(i -> "event-" + i).toList(), lines);
    return out;
  }

  @Test
  void twoSinksWithTwoPrincipalsEachWriteAsTheirOwnUser() throws Exception {
    // _HOST resolves to this host's canonical name; the KDC knows the principals as localhost,
    // so these use the explicit host.
    SinkHarness a = sink("k1", "two/a", "hdfs.kerberosPrincipal", "sink1/localhost@" + secure.realm,
        "hdfs.kerberosKeytab", secure.keytab.toString());
    SinkHarness b = sink("k2", "two/b", "hdfs.kerberosPrincipal", "sink2/localhost@" + secure.realm,
        "hdfs.kerberosKeytab", secure.keytab.toString());
    started.add(a.start());
    started.add(b.start());
    a.offer(events(0, 200, Map.of()));
    b.offer(events(0, 300, Map.of()));
    a.drain(WAIT);
    b.drain(WAIT);
    assertEquals(1, a.metric("KerberosLoginState"));
    long left = a.metric("KerberosTicketSecondsToExpiry");
    assertTrue(left > 3600, "MiniKdc's long tickets: " + left);
    a.sink.stop();
    b.sink.stop();
    a.awaitClosed(WAIT);
    b.awaitClosed(WAIT);
    landed("two/a", 200).forEach(s -> assertEquals("sink1", s.getOwner()));
    landed("two/b", 300).forEach(s -> assertEquals("sink2", s.getOwner()));
  }

  @Test
  void sinksWithTheSamePrincipalShareOneLogin() throws Exception {
    String p = "sink1/localhost@" + secure.realm;
    KerberosLogin first = logins.login(p, secure.keytab.toString(), secure.clientConf());
    assertSame(first, logins.login(p, secure.keytab.toString(), secure.clientConf()));
  }

  @Test
  void proxyUserFilesAreOwnedByTheProxiedUser() throws Exception {
    SinkHarness a = sink("k1", "proxy", "hdfs.kerberosPrincipal", "sink1/localhost@" + secure.realm,
        "hdfs.kerberosKeytab", secure.keytab.toString(), "hdfs.proxyUser", "alice");
    started.add(a.start());
    a.offer(events(0, 120, Map.of()));
    a.drain(WAIT);
    a.sink.stop();
    a.awaitClosed(WAIT);
    List<FileStatus> files = landed("proxy", 120);
    assertTrue(!files.isEmpty());
    files.forEach(s -> assertEquals("alice", s.getOwner()));
  }

  @Test
  void aSinkWithoutKeysWritesAsTheAgentsLogin() throws Exception {
    KerberosLogins agent = new KerberosLogins();
    // (the in-process NameNode's own login is this JVM's Hadoop login user, so the case of no
    // login at all cannot be shown here)
    SinkHarness keyless = sink(agent, "k2", "agent/k2");
    SinkHarness keyed = sink(agent, "k1", "agent/k1", "hdfs.kerberosPrincipal",
        "sink1/localhost@" + secure.realm, "hdfs.kerberosKeytab", secure.keytab.toString());
    started.add(keyed.start());
    started.add(keyless.start());
    keyless.offer(events(0, 150, Map.of()));
    keyless.drain(WAIT);
    assertEquals(1, keyless.metric("KerberosLoginState"));
    assertTrue(keyless.metric("KerberosTicketSecondsToExpiry") > 0);
    keyless.sink.stop();
    keyless.awaitClosed(WAIT);
    landed("agent/k2", 150).forEach(s -> assertEquals("sink1", s.getOwner()));
  }

  @Test
  void aSinkWithoutKeysRefusesToChooseBetweenTwoLogins() throws Exception {
    KerberosLogins agent = new KerberosLogins();
    agent.login("sink1/localhost@" + secure.realm, secure.keytab.toString(), secure.clientConf());
    agent.login("sink2/localhost@" + secure.realm, secure.keytab.toString(), secure.clientConf());
    IOException e = assertThrows(IOException.class, sink(agent, "k3", "agent/k3")::start);
    assertTrue(e.getMessage().contains("sink1/localhost@") && e.getMessage().contains("sink2/localhost@")
        && e.getMessage().contains("hdfs.kerberosPrincipal"), e.getMessage());
  }

  @Test
  void aPrincipalNotInTheKeytabFailsTheStartNamingBoth() {
    String wrong = "nobody/localhost@" + secure.realm;
    SinkHarness a = sink("k1", "wrong", "hdfs.kerberosPrincipal", wrong,
        "hdfs.kerberosKeytab", secure.keytab.toString());
    IOException e = assertThrows(IOException.class, a::start);
    assertTrue(e.getMessage().contains(wrong) && e.getMessage().contains(secure.keytab.toString()),
        e.getMessage());
    assertEquals(-1, a.metric("KerberosLoginState"));
  }

  @Test
  void aMissingKeytabFailsTheStartNamingFileAndPrincipal() {
    String missing = secure.keytab.resolveSibling("missing.keytab").toString();
    SinkHarness a = sink("k1", "missing", "hdfs.kerberosPrincipal", principal("sink1"),
        "hdfs.kerberosKeytab", missing);
    IOException e = assertThrows(IOException.class, a::start);
    assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("sink1/"), e.getMessage());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }
}
