package io.sluice.aggregator.hdfs;

import static io.sluice.aggregator.hdfs.SinkHarness.events;
import static io.sluice.aggregator.hdfs.SinkHarness.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testsupport.hdfs.MiniHdfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.apache.hadoop.security.UserGroupInformation;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * HDFS failing under a running sink (one MiniDFSCluster, 3 DataNodes, replication 2; the tests run
 * in order because the last ones damage the cluster): quota exceeded, permission denied, a
 * DataNode lost and the NameNode restarted mid-stream. In each, failed batches roll back, nothing
 * is lost or written twice (a failed batch's partial writes are cut off its files), no in-use file
 * is left, and writing resumes by itself. Last, with every DataNode gone, a lease recovery that
 * never completes is given up after hdfs.closeTries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsSinkFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private MiniHdfs hdfs;
  private FileSystem fs;
  private SinkHarness harness;
  private StreamDriver driver;

  @BeforeAll
  void startCluster(@TempDir Path tmp) throws IOException {
    hdfs = MiniHdfs.start(tmp, "dfs", 3);
    fs = hdfs.newFs();
  }

  @AfterAll
  void stopCluster() throws IOException {
    fs.close();
    hdfs.close();
  }

  @AfterEach
  void stopSink() throws InterruptedException {
    if (driver != null) {
      driver.close();
    }
    if (harness != null) {
      harness.sink.stop();
    }
  }

  private SinkHarness sink(String dir, String... keyValues) {
    Map<String, String> raw = new HashMap<>();
    raw.put("hdfs.path", hdfs.uri() + dir);
    raw.put("hdfs.fileType", "DataStream");
    raw.put("hdfs.rollInterval", "0");
    raw.put("hdfs.rollSize", "0");
    raw.put("hdfs.rollCount", "1000");
    raw.put("hdfs.batchSize", "100");
    raw.put("hdfs.callTimeout", "10000");
    raw.put("hdfs.retryInterval", "1");
    for (int i = 0; i < keyValues.length; i += 2) {
      raw.put(keyValues[i], keyValues[i + 1]);
    }
    return new SinkHarness(raw, Clock.systemUTC(), hdfs.clientConf());
  }

  /** Every event of [0, n) exactly once over the files under dir, none in-use. */
  private void assertExactlyOnce(String dir, int n) throws IOException {
    harness.sink.stop();
    List<org.apache.hadoop.fs.Path> files = files(fs, new org.apache.hadoop.fs.Path(dir));
    assertTrue(files.stream().noneMatch(p -> p.getName().endsWith(".tmp")), () -> "in-use files left: " + files);
    Map<String, Integer> seen = new TreeMap<>();
    for (org.apache.hadoop.fs.Path p : files) {
      for (String line : SinkHarness.readText(fs, p, hdfs.conf)) {
        seen.merge(line, 1, Integer::sum);
      }
    }
    assertEquals(n, seen.size(), "distinct events");
    seen.forEach((k, v) -> assertEquals(1, v, () -> k + " written " + v + " times"));
  }

  private void awaitDrained() {
    driver.finishWhenEmpty();
    try {
      Awaitility.await().atMost(WAIT).until(driver::isDone);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("sink did not drain; last failure:", driver.lastFailure.get());
    }
  }

  @Test
  @Order(1)
  void quotaExceededRollsBackUntilTheQuotaIsRaised() throws Exception {
    String dir = "/fault/quota";
    DistributedFileSystem dfs = (DistributedFileSystem) fs;
    dfs.mkdirs(new org.apache.hadoop.fs.Path(dir));
    dfs.setQuota(new org.apache.hadoop.fs.Path(dir), 3, HdfsConstants.QUOTA_DONT_SET); // dir + 2 files
    harness = sink(dir, "hdfs.rollCount", "100");
    harness.start();
    harness.offer(events(0, 500, Map.of()));
    driver = new StreamDriver(harness);
    Awaitility.await().atMost(WAIT).until(() -> driver.failures.get() >= 3);
    assertEquals(200, harness.metric("EventDrainSuccessCount"), "two files' worth committed, no more");
    assertTrue(String.valueOf(driver.lastFailure.get().getCause()).contains("Quota"),
        () -> "cause: " + driver.lastFailure.get());
    dfs.setQuota(new org.apache.hadoop.fs.Path(dir), HdfsConstants.QUOTA_RESET, HdfsConstants.QUOTA_DONT_SET);
    awaitDrained();
    harness.awaitClosed(WAIT);
    assertExactlyOnce(dir, 500);
  }

  @Test
  @Order(2)
  void permissionDeniedRollsBackUntilAccessIsGranted() throws Exception {
    String dir = "/fault/perm";
    fs.mkdirs(new org.apache.hadoop.fs.Path(dir), new FsPermission((short) 0755));
    harness = sink(dir);
    UserGroupInformation bob = UserGroupInformation.createRemoteUser("bob");
    bob.doAs((PrivilegedExceptionAction<Void>) () -> {
      harness.start(); // the sink's HDFS client acts as bob
      return null;
    });
    harness.offer(events(0, 300, Map.of()));
    driver = new StreamDriver(harness);
    Awaitility.await().atMost(WAIT).until(() -> driver.failures.get() >= 3);
    assertEquals(0, harness.metric("EventDrainSuccessCount"));
    assertTrue(String.valueOf(driver.lastFailure.get().getCause()).contains("Permission denied"),
        () -> "cause: " + driver.lastFailure.get());
    fs.setPermission(new org.apache.hadoop.fs.Path(dir), new FsPermission((short) 0777));
    awaitDrained();
    harness.awaitClosed(WAIT);
    assertExactlyOnce(dir, 300);
  }

  @Test
  @Order(3)
  void anAggregatorKilledMidBatchLosesNothingAndLeavesNoInUseFile() throws Exception {
    String dir = "/fault/killed";
    int batch = 100;
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        AggregatorChildMain.class.getName(), hdfs.uri(), dir, Integer.toString(batch),
        Integer.toString(hdfs.conf.getInt("dfs.replication", 1)))
        .redirectErrorStream(true).start();
    java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong();
    Thread reader = new Thread(() -> {
      try (java.io.BufferedReader r = new java.io.BufferedReader(
          new java.io.InputStreamReader(child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.startsWith("COMMITTED ")) {
            committed.set(Long.parseLong(line.substring(10).trim()));
          }
        }
      } catch (IOException e) {
        // the child is gone
      }
    }, "child-output");
    reader.start();
    try {
      Awaitility.await().atMost(WAIT).until(() -> committed.get() >= 3000 || !child.isAlive());
      assertTrue(child.isAlive(), "the child aggregator died by itself");
    } finally {
      child.destroyForcibly();
      child.waitFor();
      reader.join(10_000);
    }
    int acknowledged = (int) committed.get();
    assertTrue(acknowledged >= 3000);
    assertTrue(files(fs, new org.apache.hadoop.fs.Path(dir)).stream().anyMatch(p -> p.getName().endsWith(".tmp")),
        "the killed aggregator left its file in-use");

    // A durable channel hands the new aggregator everything after the last commit it saw.
    harness = sink(dir);
    harness.start();
    harness.offer(events(acknowledged, acknowledged + 1000, Map.of()));
    driver = new StreamDriver(harness);
    awaitDrained();
    harness.awaitClosed(WAIT);
    harness.sink.stop();

    List<org.apache.hadoop.fs.Path> files = files(fs, new org.apache.hadoop.fs.Path(dir));
    assertTrue(files.stream().noneMatch(p -> p.getName().endsWith(".tmp")), () -> "in-use files left: " + files);
    Map<String, Integer> seen = new TreeMap<>();
    for (org.apache.hadoop.fs.Path p : files) {
      for (String line : SinkHarness.readText(fs, p, hdfs.conf)) {
        seen.merge(line, 1, Integer::sum);
      }
    }
    int total = acknowledged + 1000;
    for (int i = 0; i < total; i++) {
      assertTrue(seen.containsKey("event-" + i), "lost event-" + i);
    }
    long duplicates = seen.values().stream().mapToLong(v -> v - 1).sum();
    long beyond = seen.keySet().stream().filter(k -> Integer.parseInt(k.substring(6)) >= total).count();
    System.out.printf("kill test: %d events acknowledged by the killed aggregator, %d duplicates, "
        + "%d events of its in-flight batch written beyond%n", acknowledged, duplicates, beyond);
    assertTrue(duplicates <= batch, "duplicates only from the batch in flight: " + duplicates);
    assertTrue(beyond <= batch, "only the batch in flight beyond the acknowledged ones: " + beyond);
  }

  @Test
  @Order(4)
  void aDataNodeLostMidStreamLosesNothing() throws Exception {
    String dir = "/fault/datanode";
    harness = sink(dir, "hdfs.rollCount", "2000");
    harness.start();
    harness.offer(events(0, 3000, Map.of()));
    driver = new StreamDriver(harness);
    Awaitility.await().atMost(WAIT).until(() -> driver.batches.get() >= 5);
    hdfs.cluster.stopDataNode(0);
    harness.offer(events(3000, 6000, Map.of()));
    awaitDrained();
    harness.awaitClosed(WAIT);
    assertExactlyOnce(dir, 6000);
  }

  @Test
  @Order(5)
  void aNameNodeRestartMidStreamLosesNothing() throws Exception {
    String dir = "/fault/namenode";
    harness = sink(dir);
    harness.start();
    harness.offer(events(0, 2000, Map.of()));
    driver = new StreamDriver(harness);
    Awaitility.await().atMost(WAIT).until(() -> driver.batches.get() >= 5);
    hdfs.cluster.shutdownNameNode(0);
    harness.offer(events(2000, 4000, Map.of()));
    Awaitility.await().atMost(WAIT).until(() -> driver.failures.get() >= 3);
    hdfs.cluster.restartNameNode(0, true);
    awaitDrained();
    harness.awaitClosed(WAIT);
    assertExactlyOnce(dir, 4000);
  }

  @Test
  @Order(6)
  void aLeaseRecoveryThatNeverCompletesIsGivenUpAfterCloseTries() throws Exception {
    String dir = "/fault/lease";
    org.apache.hadoop.fs.Path left = new org.apache.hadoop.fs.Path(dir + "/FlumeData.1600000000000.tmp");
    try (DistributedFileSystem other = (DistributedFileSystem) hdfs.newFs()) {
      FSDataOutputStream out = other.create(left);
      out.write("event-0\n".getBytes(StandardCharsets.UTF_8));
      out.hflush();
      other.getClient().closeAllFilesBeingWritten(true); // a writer gone: its lease stays
    }
    // With no DataNode to recover the last block, the NameNode never finishes the recovery.
    while (!hdfs.cluster.getDataNodes().isEmpty()) {
      hdfs.cluster.stopDataNode(0);
    }
    harness = sink(dir, "hdfs.closeTries", "2");
    long start = System.nanoTime();
    harness.start();
    Awaitility.await().atMost(WAIT).until(() -> harness.metric("FilesGivenUpCount") == 1);
    long millis = (System.nanoTime() - start) / 1_000_000;
    // Two tries, each a retryInterval (1 s) of waiting on the recovery, polled every second.
    assertTrue(millis < 15_000, "given up after " + millis + " ms");
    harness.awaitClosed(WAIT);
    assertTrue(fs.exists(left), "a file given up stays in-use for the next start");
  }
}
