package io.sluice.aggregator.hdfs;

import static io.sluice.aggregator.hdfs.SinkHarness.events;
import static io.sluice.aggregator.hdfs.SinkHarness.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.testutil.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tickets that live 15 seconds: a sink writing for longer than two lifetimes keeps writing, its
 * login renewed from the keytab before each ticket ends, and every event lands once.
 */
class HdfsSinkTicketRenewalTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void anExpiringTicketIsRenewedFromTheKeytabUnderLoad(@TempDir Path tmp) throws Exception {
    try (SecureHdfs secure = new SecureHdfs(tmp, 15)) {
      SinkHarness h = secure.sink1("/renew", new MutableClock(1_700_000_000_000L),
          "hdfs.rollCount", "500");
      Configuration conf = secure.clientConf();
      h.start();
      Clock wall = Clock.systemUTC();
      long firstTicketEnds = wall.millis() + h.metric("KerberosTicketSecondsToExpiry") * 1000;
      assertTrue(h.metric("KerberosTicketSecondsToExpiry") <= 15);
      int sent = 0;
      long ticketEnds = firstTicketEnds;
      long deadline = wall.millis() + 90_000;
      // write until a later ticket than the first one is in use, past the first one's end
      while (wall.millis() < firstTicketEnds + 16_000 || ticketEnds <= firstTicketEnds) {
        assertTrue(wall.millis() < deadline, "the login was not renewed in time");
        h.offer(events(sent, sent + 100, Map.of()));
        sent += 100;
        h.drain(WAIT);
        ticketEnds = Math.max(ticketEnds, wall.millis() + h.metric("KerberosTicketSecondsToExpiry") * 1000);
      }
      assertEquals(1, h.metric("KerberosLoginState"));
      h.sink.stop();
      h.awaitClosed(WAIT);
      List<String> lines = new ArrayList<>();
      try (FileSystem admin = secure.adminFs()) { // a fresh login: the first one's ticket has ended
        for (org.apache.hadoop.fs.Path p : files(admin, new org.apache.hadoop.fs.Path("/renew"))) {
          lines.addAll(SinkHarness.readText(admin, p, conf));
        }
      }
      lines.sort(null);
      List<String> expected = new ArrayList<>(IntStream.range(0, sent).mapToObj(i -> "event-" + i).toList());
      expected.sort(null);
      assertEquals(expected, lines);
    }
  }
}
