package io.sluice.it.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.core.avro.AvroSource;
import io.sluice.it.flume.FlumeLog4j;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Flume 1.11.0's log4j appenders, as an application configures them in log4j.properties, log to
 * Sluice Avro sources: every message arrives once, in order, with the appender's headers, whether
 * sent one event per call or in batches for a logged collection; the load-balancing appender spreads
 * over two sources; and with UnsafeMode off a message Sluice cannot take fails the log call.
 */
class FlumeLog4jAppenderToSluiceSourceIT {
  private static final String APPENDER = "org.apache.flume.clients.log4jappender.Log4jAppender";
  private static final String LB_APPENDER =
      "org.apache.flume.clients.log4jappender.LoadBalancingLog4jAppender";

  @Test
  void messagesArriveOnceInOrderWithTheAppendersHeaders() throws Exception {
    try (SluiceAvroEndpoint sluice = new SluiceAvroEndpoint()) {
      Channel channel = sluice.channel("c1", 10_000, 1000);
      AvroSource source = sluice.source("r1", channel, Map.of());
      Properties config = toSource("app.orders", source);
      long before = System.currentTimeMillis();
      List<String> expected = new ArrayList<>();
      try (FlumeLog4j log4j = new FlumeLog4j(config)) {
        for (int i = 0; i < 200; i++) {
          String level = i % 3 == 0 ? "WARN" : "INFO";
          String message = "order " + i + (i % 10 == 0 ? " caf\u00e9 \u4e16\u754c" : "");
          log4j.log("app.orders", level, message);
          expected.add(level + " app.orders - " + message);
        }
      }
      long after = System.currentTimeMillis();

      List<Event> landed = SluiceAvroEndpoint.drain(channel, 1000);
      assertEquals(expected.size(), landed.size());
      for (int i = 0; i < landed.size(); i++) {
        Event e = landed.get(i);
        assertEquals(expected.get(i), new String(e.getBody(), StandardCharsets.UTF_8), "body " + i);
        Map<String, String> h = e.getHeaders();
        assertEquals("app.orders", h.get("flume.client.log4j.logger.name"));
        assertEquals(i % 3 == 0 ? "30000" : "20000", h.get("flume.client.log4j.log.level"));
        assertEquals("UTF8", h.get("flume.client.log4j.message.encoding"));
        long at = Long.parseLong(h.get("flume.client.log4j.timestamp"));
        assertTrue(at >= before && at <= after, "timestamp " + at + " of event " + i);
      }
      assertEquals(200, sluice.metrics.value("SOURCE.r1", "AppendAcceptedCount"));
    }
  }

  @Test
  void aLoggedCollectionIsSentInBatches() throws Exception {
    try (SluiceAvroEndpoint sluice = new SluiceAvroEndpoint()) {
      Channel channel = sluice.channel("c1", 10_000, 1000);
      AvroSource source = sluice.source("r1", channel, Map.of());
      Properties config = toSource("app.batch", source);
      config.remove("log4j.appender.flume.layout"); // a collection is sent element by element
      config.remove("log4j.appender.flume.layout.ConversionPattern");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        lines.add("line " + i);
      }
      try (FlumeLog4j log4j = new FlumeLog4j(config)) {
        log4j.log("app.batch", "INFO", lines);
      }
      List<Event> landed = SluiceAvroEndpoint.drain(channel, 1000);
      assertEquals(lines, landed.stream()
          .map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList());
      // The SDK client splits it into batches of its batch-size (100): 100 + 100 + 50.
      assertEquals(3, sluice.metrics.value("SOURCE.r1", "AppendBatchAcceptedCount"));
      assertEquals(0, sluice.metrics.value("SOURCE.r1", "AppendAcceptedCount"));
    }
  }

  @Test
  void theLoadBalancingAppenderSpreadsOverTwoSources() throws Exception {
    try (SluiceAvroEndpoint sluice = new SluiceAvroEndpoint()) {
      Channel channel = sluice.channel("c1", 10_000, 1000);
      AvroSource a = sluice.source("a", channel, Map.of());
      AvroSource b = sluice.source("b", channel, Map.of());
      Properties config = logger("app.lb", "lb", LB_APPENDER);
      config.put("log4j.appender.lb.Hosts",
          "127.0.0.1:" + a.boundPort() + " 127.0.0.1:" + b.boundPort());
      config.put("log4j.appender.lb.Selector", "ROUND_ROBIN");
      try (FlumeLog4j log4j = new FlumeLog4j(config)) {
        for (int i = 0; i < 100; i++) {
          log4j.log("app.lb", "INFO", "lb " + i);
        }
      }
      List<String> bodies = SluiceAvroEndpoint.drain(channel, 1000).stream()
          .map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).sorted().toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        expected.add("INFO app.lb - lb " + i);
      }
      assertEquals(expected.stream().sorted().toList(), bodies);
      long toA = sluice.metrics.value("SOURCE.a", "AppendAcceptedCount");
      long toB = sluice.metrics.value("SOURCE.b", "AppendAcceptedCount");
      assertEquals(100, toA + toB);
      assertTrue(toA > 0 && toB > 0, "round robin used both sources: " + toA + "/" + toB);
    }
  }

  @Test
  void aMessageSluiceRefusesFailsTheLogCallWithUnsafeModeOff() throws Exception {
    try (SluiceAvroEndpoint sluice = new SluiceAvroEndpoint()) {
      Channel full = sluice.channel("c1", 10, 10);
      AvroSource source = sluice.source("r1", full, Map.of());
      Properties config = toSource("app.full", source);
      try (FlumeLog4j log4j = new FlumeLog4j(config)) {
        for (int i = 0; i < 10; i++) {
          log4j.log("app.full", "INFO", "fits " + i);
        }
        Exception refused = assertThrows(Exception.class,
            () -> log4j.log("app.full", "INFO", "one too many"));
        assertTrue(refused.getClass().getName().endsWith("FlumeException"), refused.toString());
      }
      assertEquals(10, SluiceAvroEndpoint.drain(full, 10).size());
    }
  }

  /** {@code logger} logs to a Log4jAppender sending to {@code source}. */
  private static Properties toSource(String logger, AvroSource source) {
    Properties p = logger(logger, "flume", APPENDER);
    p.put("log4j.appender.flume.Hostname", "127.0.0.1");
    p.put("log4j.appender.flume.Port", Integer.toString(source.boundPort()));
    return p;
  }

  /** {@code logger} logs to appender {@code name} of {@code type}, with a plain pattern layout. */
  private static Properties logger(String logger, String name, String type) {
    Properties p = new Properties();
    p.put("log4j.rootLogger", "OFF");
    p.put("log4j.logger." + logger, "INFO, " + name);
    p.put("log4j.additivity." + logger, "false");
    String prefix = "log4j.appender." + name;
    p.put(prefix, type);
    p.put(prefix + ".UnsafeMode", "false");
    p.put(prefix + ".Timeout", "20000");
    p.put(prefix + ".layout", "org.apache.log4j.PatternLayout");
    p.put(prefix + ".layout.ConversionPattern", "%p %c - %m");
    return p;
  }
}
