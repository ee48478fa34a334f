package io.sluice.aggregator.hdfs;

import static io.sluice.aggregator.hdfs.SinkHarness.events;
import static io.sluice.aggregator.hdfs.SinkHarness.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KDC goes away while a sink writes under load with tickets that live 15 seconds: renewals
 * fail, the sink writes on while its ticket lasts, then its batches fail (rolled back, the channel
 * keeps the events) until the KDC is back, when it logs in again by itself and drains; every event
 * lands exactly once and no file is left in use.
 */
class HdfsSinkKdcOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(45);

  @Test
  void writingStopsWhileTheKdcIsDownAndResumesByItselfWithNothingLost(@TempDir Path tmp)
      throws Exception {
    try (SecureHdfs secure = new SecureHdfs(tmp, 15)) {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/outage");
      SinkHarness h = secure.sink1("/outage", Clock.systemUTC(), "hdfs.rollCount", "400",
          "hdfs.callTimeout", "5000");
      Configuration conf = secure.clientConf();
      h.start();
      int sent = 0;
      try (StreamDriver driver = new StreamDriver(h)) {
        Load load = new Load(h);
        load.until(() -> driver.batches.get() >= 10, "first batches");
        secure.kdcDown();
        load.until(() -> driver.failures.get() >= 3 && h.metric("KerberosLoginState") == -1,
            "batches failing once the ticket ended");
        long committedDuringOutage = h.metric("EventDrainSuccessCount");
        secure.kdcUp();
        load.until(() -> h.metric("EventDrainSuccessCount") > committedDuringOutage + 500,
            "writing again after the KDC is back");
        sent = load.sent;
        driver.finishWhenEmpty();
        org.awaitility.Awaitility.await().atMost(WAIT).until(driver::isDone);
        System.out.printf("KDC outage: %d batches failed, %d events sent, all landed%n",
            driver.failures.get(), sent);
      }
      assertEquals(1, h.metric("KerberosLoginState"));
      h.awaitClosed(WAIT); // files the failed batches cut back, finished once the KDC was back
      h.sink.stop();
      h.awaitClosed(WAIT);
      Map<String, Integer> seen = new TreeMap<>();
      try (FileSystem admin = secure.adminFs()) {
        for (org.apache.hadoop.fs.Path p : files(admin, dir)) {
          assertTrue(!p.getName().endsWith(".tmp"), "in use: " + p);
          SinkHarness.readText(admin, p, conf).forEach(l -> seen.merge(l, 1, Integer::sum));
        }
      }
      assertEquals(sent, seen.size(), "distinct events");
      seen.forEach((k, v) -> assertEquals(1, v, () -> k + " written " + v + " times"));
    }
  }

  /** Offers 100 events every 20 ms while waiting for a condition, as a steady stream would. */
  private static final class Load {
    private final SinkHarness h;
    int sent;

    Load(SinkHarness h) {
      this.h = h;
    }

    void until(BooleanSupplier done, String what) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!done.getAsBoolean()) {
        assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
        if (h.channel.size() < 5000) {
          h.offer(events(sent, sent + 100, Map.of()));
          sent += 100;
        }
        Thread.sleep(20);
      }
    }
  }
}
