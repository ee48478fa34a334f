package io.sluice.core.avro;

import static io.sluice.core.avro.AvroFixture.body;
import static io.sluice.core.avro.AvroFixture.drain;
import static io.sluice.core.avro.AvroFixture.events;
import static io.sluice.core.avro.AvroFixture.put;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import io.sluice.core.testutil.MutableClock;
import io.sluice.rpc.RpcStatus;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.RpcServerConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Avro sink → Avro source over loopback, each with a real memory channel. */
class AvroHopTest {
  private final AvroFixture fx = new AvroFixture();
  @TempDir Path tmp;

  @AfterEach
  void close() {
    fx.close();
  }

  private static void assertSameEvents(List<Event> expected, List<Event> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).getHeaders(), actual.get(i).getHeaders());
      assertEquals(body(expected.get(i)), body(actual.get(i)));
    }
  }

  /** Runs the sink until its channel is empty; returns the number of READY steps. */
  private static int pump(AvroSink sink) throws EventDeliveryException {
    int steps = 0;
    while (sink.process() == Status.READY) {
      steps++;
    }
    return steps;
  }

  @Test
  void batchesArriveByteIdenticalWithFlumeCounters() throws Exception {
    Channel down = fx.memoryChannel("down", 10_000, 1000);
    AvroSource source = fx.source("r1", down, Map.of());
    Channel up = fx.memoryChannel("up", 10_000, 1000);
    AvroSink sink = fx.sink("k1", up, source.boundPort(), Map.of("batch-size", "100"),
        Clock.systemUTC());
    List<Event> sent = events(0, 250);
    put(up, sent);
    assertEquals(3, pump(sink));
    assertSameEvents(sent, drain(down, 1000));
    assertEquals(250, fx.value("SOURCE.r1", "EventAcceptedCount"));
    assertEquals(3, fx.value("SOURCE.r1", "AppendBatchAcceptedCount"));
    assertEquals(250, fx.value("SINK.k1", "EventDrainSuccessCount"));
    assertEquals(1, fx.value("SINK.k1", "ConnectionCreatedCount"));
    assertEquals(1, fx.value("SOURCE.r1", "OpenConnectionCount"));
  }

  @Test
  void singleAppendIsCountedApartFromBatches() throws Exception {
    Channel down = fx.memoryChannel("down", 100, 100);
    AvroSource source = fx.source("r1", down, Map.of());
    try (AvroRpcClient client = AvroRpcClient.connect(
        RpcClientConfig.builder("127.0.0.1", source.boundPort()).build())) {
      client.append(events(0, 1).get(0));
    }
    assertEquals(1, fx.value("SOURCE.r1", "AppendAcceptedCount"));
    assertEquals(0, fx.value("SOURCE.r1", "AppendBatchReceivedCount"));
    assertEquals("e0", body(drain(down, 10).get(0)));
  }

  @Test
  void fullChannelAnswersFailedAndTheRetryLosesNothing() throws Exception {
    Channel down = fx.memoryChannel("down", 150, 100);
    AvroSource source = fx.source("r1", down, Map.of());
    Channel up = fx.memoryChannel("up", 1000, 300);
    AvroSink sink = fx.sink("k1", up, source.boundPort(), Map.of(), Clock.systemUTC());
    List<Event> sent = events(0, 300);
    put(up, sent);
    assertEquals(Status.READY, sink.process()); // 100 fit
    EventDeliveryException e = assertThrows(EventDeliveryException.class, sink::process);
    assertTrue(e.getMessage().contains("FAILED"), e.getMessage());
    assertEquals(200, up.size(), "the refused batch was rolled back into the sink's channel");
    assertEquals(100, down.size());
    assertEquals(1, fx.value("SOURCE.r1", "ChannelWriteFail"));
    assertEquals(1, fx.value("SINK.k1", "EventWriteFail"));

    List<Event> landed = new ArrayList<>(drain(down, 100));
    while (up.size() > 0) {
      try {
        pump(sink); // reconnects after the failure
      } catch (EventDeliveryException full) {
        // the downstream channel filled again; drain it and retry, as a runner would
      }
      landed.addAll(drain(down, 100));
    }
    landed.addAll(drain(down, 100));
    assertSameEvents(sent, landed);
    long created = fx.value("SINK.k1", "ConnectionCreatedCount");
    assertTrue(created >= 2, "a new connection after each failure");
    assertEquals(created - 1, fx.value("SINK.k1", "ConnectionClosedCount"));
    assertEquals(created - 1, fx.value("SINK.k1", "EventWriteFail"));
  }

  @Test
  void unreachableNextHopFailsEveryStepUntilItComesBack() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Channel up = fx.memoryChannel("up", 1000, 100);
    AvroSink sink = fx.sink("k1", up, port, Map.of("connect-timeout", "500"), Clock.systemUTC());
    put(up, events(0, 10));
    EventDeliveryException e = assertThrows(EventDeliveryException.class, sink::process);
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    assertEquals(10, up.size());
    assertEquals(1, fx.value("SINK.k1", "ConnectionFailedCount"), "start() does not connect");

    Channel down = fx.memoryChannel("down", 1000, 100);
    fx.source("r1", down, Map.of("port", "" + port));
    assertEquals(Status.READY, sink.process());
    assertEquals(10, down.size());
  }

  @Test
  void requestTimeoutUnderOneSecondIsHonoured() throws Exception {
    try (AvroRpcServer silent = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1")
        .build(), (events, peer) -> new CompletableFuture<RpcStatus>()).start()) {
      Channel up = fx.memoryChannel("up", 1000, 100);
      AvroSink sink = fx.sink("k1", up, silent.boundPort(), Map.of("request-timeout", "200"),
          Clock.systemUTC());
      put(up, events(0, 5));
      long t0 = System.nanoTime();
      EventDeliveryException e = assertThrows(EventDeliveryException.class, sink::process);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(e.getMessage().contains("within 200 ms"), e.getMessage());
      assertTrue(millis < 5000, "took " + millis + " ms");
      assertEquals(5, up.size());
    }
  }

  @Test
  void resetConnectionIntervalReplacesTheConnection() throws Exception {
    Channel down = fx.memoryChannel("down", 1000, 100);
    AvroSource source = fx.source("r1", down, Map.of());
    Channel up = fx.memoryChannel("up", 1000, 100);
    MutableClock clock = new MutableClock(1_000_000);
    AvroSink sink = fx.sink("k1", up, source.boundPort(),
        Map.of("reset-connection-interval", "30"), clock);
    put(up, events(0, 10));
    sink.process();
    clock.advance(Duration.ofSeconds(29));
    put(up, events(10, 20));
    sink.process();
    assertEquals(1, fx.value("SINK.k1", "ConnectionCreatedCount"));
    clock.advance(Duration.ofSeconds(1));
    put(up, events(20, 30));
    sink.process();
    assertEquals(2, fx.value("SINK.k1", "ConnectionCreatedCount"));
    assertEquals(1, fx.value("SINK.k1", "ConnectionClosedCount"));
    assertEquals(30, down.size());
    await().atMost(Duration.ofSeconds(10)).until(() -> source.openConnections() == 1);
  }

  @Test
  void mutualTlsWithDeflateAndHostnameCheck() throws Exception {
    TestKeys server = TestKeys.create(tmp, "server");
    TestKeys client = TestKeys.create(tmp, "client");
    Channel down = fx.memoryChannel("down", 1000, 100);
    AvroSource source = fx.source("r1", down, Map.of("ssl", "true",
        "keystore", server.keyStore().toString(), "keystore-password", TestKeys.PASSWORD,
        "keystore-type", "PKCS12", "ssl-client-auth", "require",
        "truststore", client.trustStore().toString(), "truststore-password", TestKeys.PASSWORD,
        "compression-type", "deflate"));
    Map<String, String> tls = new HashMap<>(Map.of("ssl", "true",
        "truststore", server.trustStore().toString(), "truststore-password", TestKeys.PASSWORD,
        "keystore", client.keyStore().toString(), "keystore-password", TestKeys.PASSWORD,
        "keystore-type", "PKCS12", "compression-type", "deflate", "compression-level", "9"));
    Channel up = fx.memoryChannel("up", 1000, 100);
    AvroSink sink = fx.sink("k1", up, source.boundPort(), tls, Clock.systemUTC());
    List<Event> sent = events(0, 50);
    put(up, sent);
    assertEquals(Status.READY, sink.process());
    assertSameEvents(sent, drain(down, 100));

    Map<String, String> noClientCert = new HashMap<>(tls);
    noClientCert.remove("keystore");
    noClientCert.remove("keystore-password");
    noClientCert.remove("keystore-type");
    Channel up2 = fx.memoryChannel("up2", 1000, 100);
    AvroSink anonymous = fx.sink("k2", up2, source.boundPort(), noClientCert, Clock.systemUTC());
    put(up2, events(0, 5));
    assertThrows(EventDeliveryException.class, anonymous::process);
    assertEquals(5, up2.size());
  }

  @Test
  void hostnameVerificationRefusesACertificateForAnotherHost() throws Exception {
    TestKeys other = TestKeys.create(tmp, "other", "dns:elsewhere.example");
    Channel down = fx.memoryChannel("down", 1000, 100);
    AvroSource source = fx.source("r1", down, Map.of("ssl", "true",
        "keystore", other.keyStore().toString(), "keystore-password", TestKeys.PASSWORD,
        "keystore-type", "PKCS12"));
    Map<String, String> tls = new HashMap<>(Map.of("ssl", "true",
        "truststore", other.trustStore().toString(), "truststore-password", TestKeys.PASSWORD));
    Channel up = fx.memoryChannel("up", 1000, 100);
    AvroSink strict = fx.sink("k1", up, source.boundPort(), tls, Clock.systemUTC());
    put(up, events(0, 3));
    assertThrows(EventDeliveryException.class, strict::process);

    tls.put("ssl-verify-hostname", "false"); // Flume's behaviour
    AvroSink lenient = fx.sink("k2", up, source.boundPort(), tls, Clock.systemUTC());
    assertEquals(Status.READY, lenient.process());
    assertEquals(3, down.size());
  }

  @Test
  void stopClosesTheServerAndItsConnections() throws Exception {
    Channel down = fx.memoryChannel("down", 1000, 100);
    AvroSource source = fx.source("r1", down, Map.of());
    AtomicInteger port = new AtomicInteger(source.boundPort());
    AvroRpcClient c = AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", port.get()).build());
    source.stop();
    await().atMost(Duration.ofSeconds(10)).until(() -> !c.isActive());
    c.close();
    assertEquals(-1, source.boundPort());
  }
}
