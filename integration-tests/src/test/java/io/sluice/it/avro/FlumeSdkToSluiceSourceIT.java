package io.sluice.it.avro;

import static io.sluice.it.avro.EventAssertions.assertSameEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.core.avro.AvroSource;
import io.sluice.core.avro.TestKeys;
import io.sluice.it.flume.FlumeSdkClients;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flume 1.11.0's SDK clients (default, failover, load-balancing) → Sluice Avro sources, in every
 * transport mode; every header and body must arrive byte-identical.
 */
class FlumeSdkToSluiceSourceIT {
  @TempDir static Path tmp;
  private static TestKeys keys;
  private static FlumeSdkClients sdk;

  @BeforeAll
  static void setUp() throws Exception {
    keys = TestKeys.create(tmp, "server");
    sdk = new FlumeSdkClients();
  }

  @AfterAll
  static void tearDown() throws Exception {
    sdk.close();
  }

  private static int deadPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Properties props(TransportMode mode, String type, String... hosts) {
    Properties p = new Properties();
    p.putAll(mode.clientKeys(keys));
    p.put("client.type", type);
    p.put("batch-size", "100");
    p.put("request-timeout", "20000");
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < hosts.length; i++) {
      names.append("h").append(i).append(' ');
      p.put("hosts.h" + i, hosts[i]);
    }
    p.put("hosts", names.toString().trim());
    return p;
  }

  private static List<Event> send(FlumeSdkClients.Client client, String tag) throws Exception {
    List<Event> sent = new ArrayList<>();
    for (int b = 0; b < 6; b++) {
      List<Event> batch = SluiceAvroEndpoint.events(tag, b * 100, b * 100 + 100);
      client.appendBatch(batch);
      sent.addAll(batch);
    }
    Event single = SluiceAvroEndpoint.events(tag, 600, 601).get(0);
    client.append(single);
    sent.add(single);
    return sent;
  }

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void defaultFailoverAndLoadBalancingClients(TransportMode mode) throws Exception {
    try (SluiceAvroEndpoint sluice = new SluiceAvroEndpoint()) {
      Channel channel = sluice.channel("c1", 20_000, 1000);
      AvroSource a = sluice.source("a", channel, mode.sourceKeys(keys));
      AvroSource b = sluice.source("b", channel, mode.sourceKeys(keys));
      String hostA = "127.0.0.1:" + a.boundPort();
      String hostB = "127.0.0.1:" + b.boundPort();

      List<Event> sent = new ArrayList<>();
      try (FlumeSdkClients.Client c = sdk.client(props(mode, "default", hostA))) {
        sent.addAll(send(c, "default"));
      }
      try (FlumeSdkClients.Client c = sdk.client(
          props(mode, "default_failover", "127.0.0.1:" + deadPort(), hostB))) {
        sent.addAll(send(c, "failover"));
      }
      try (FlumeSdkClients.Client c = sdk.client(
          props(mode, "default_loadbalance", hostA, hostB))) {
        sent.addAll(send(c, "loadbalance"));
      }
      assertSameEvents(sent, SluiceAvroEndpoint.drain(channel, 1000));
      long batchesA = sluice.metrics.value("SOURCE.a", "AppendBatchAcceptedCount");
      long batchesB = sluice.metrics.value("SOURCE.b", "AppendBatchAcceptedCount");
      assertEquals(18, batchesA + batchesB);
      assertTrue(batchesA > 6 && batchesB > 6, "load balancing used both sources: " + batchesA
          + "/" + batchesB);
      assertEquals(3, sluice.metrics.value("SOURCE.a", "AppendAcceptedCount")
          + sluice.metrics.value("SOURCE.b", "AppendAcceptedCount"));
    }
  }
}
