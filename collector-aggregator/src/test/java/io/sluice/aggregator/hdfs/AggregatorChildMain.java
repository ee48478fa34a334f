package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.testsupport.hdfs.MiniHdfs;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stand-in aggregator for the crash test, run in its own JVM: an HDFS sink writes numbered events
 * ("event-N") to the given directory forever, printing {@code COMMITTED n} after each channel commit
 * (n events committed so far), until it is killed.
 *
 * <p>Arguments: HDFS URI, directory, batch size, replication.
 */
public final class AggregatorChildMain {
  private AggregatorChildMain() {}

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    String dir = args[1];
    String batch = args[2];
    int replication = Integer.parseInt(args[3]);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    SinkHarness h = new SinkHarness(Map.of("hdfs.path", uri + dir, "hdfs.fileType", "DataStream",
        "hdfs.batchSize", batch, "hdfs.rollCount", "5000", "hdfs.rollSize", "0", "hdfs.rollInterval", "0",
        "hdfs.retryInterval", "1"), Clock.systemUTC(), MiniHdfs.clientConf(replication));
    h.start();
    int next = 0;
    while (true) {
      if (h.channel.size() < 2000) {
        List<Event> more = new ArrayList<>(SinkHarness.events(next, next + 2000, Map.of()));
        next += more.size();
        h.offer(more);
      }
      try {
        h.sink.process();
        out.println("COMMITTED " + h.metric("EventDrainSuccessCount"));
      } catch (EventDeliveryException e) {
        out.println("FAILED " + e);
      }
    }
  }
}
