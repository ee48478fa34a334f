package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.client.RpcException;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.RpcServerConfig;
import io.sluice.rpc.tls.ClientTls;
import io.sluice.rpc.tls.ServerTls;
import io.sluice.rpc.tls.TlsFilters;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientServerTest {
  @TempDir static Path tmp;
  static TestTls tls;
  private final RecordingHandler handler = new RecordingHandler();
  private AvroRpcServer server;
  private AvroRpcClient client;

  @BeforeAll
  static void makeCertificates() throws Exception {
    tls = TestTls.create(tmp);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private int startServer(RpcServerConfig.Builder config) throws Exception {
    server = new AvroRpcServer(config.bind("127.0.0.1").build(), handler).start();
    return server.boundPort();
  }

  static List<Event> events(int n) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] body = new byte[i % 7 == 0 ? 0 : 100 + i];
      for (int b = 0; b < body.length; b++) {
        body[b] = (byte) (b * 31 + i); // every byte value, incl. non-UTF-8 sequences
      }
      out.add(Event.of(Map.of("seq", Integer.toString(i), "host", "h\u00e9\u4e16", "", "empty"),
          body));
    }
    return out;
  }

  static void assertSameEvents(List<Event> expected, List<Event> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).getHeaders(), actual.get(i).getHeaders(), "headers of " + i);
      assertArrayEquals(expected.get(i).getBody(), actual.get(i).getBody(), "body of " + i);
    }
  }

  @ParameterizedTest(name = "compression={0} tls={1}")
  @CsvSource({"NONE,false", "DEFLATE,false", "NONE,true", "DEFLATE,true"})
  void deliversEventsByteIdentical(Compression compression, boolean useTls) throws Exception {
    RpcServerConfig.Builder sc = RpcServerConfig.builder().compression(compression);
    if (useTls) {
      sc.tls(ServerTls.of(tls.serverKeys()));
    }
    int port = startServer(sc);
    RpcClientConfig.Builder cc = RpcClientConfig.builder("127.0.0.1", port)
        .compression(compression).compressionLevel(9);
    if (useTls) {
      cc.tls(ClientTls.trusting(tls.trust())); // host name verified against the SAN ip
    }
    client = AvroRpcClient.connect(cc.build());
    List<Event> sent = events(250);
    client.appendBatch(sent);
    client.append(Event.of(Map.of("single", "yes"), "one".getBytes(StandardCharsets.UTF_8)));

    List<Event> received = handler.allEvents();
    assertSameEvents(sent, received.subList(0, 250));
    assertEquals("yes", received.get(250).getHeaders().get("single"));
    assertTrue(client.isActive());
  }

  @Test
  void splitsBatchesLargerThanBatchSize() throws Exception {
    int port = startServer(RpcServerConfig.builder());
    client = AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", port)
        .batchSize(40).maxCallsInFlight(3).build());
    List<Event> sent = events(130);
    client.appendBatch(sent);
    // pipelined chunks may be handled concurrently: compare independent of arrival order
    assertEquals(List.of(10, 40, 40, 40),
        handler.batches.stream().map(List::size).sorted().toList());
    List<Event> received = new ArrayList<>(handler.allEvents());
    received.sort(java.util.Comparator.comparingInt(e -> Integer.parseInt(e.getHeaders().get("seq"))));
    assertSameEvents(sent, received);
  }

  @Test
  void sequentialChunksKeepTheirOrder() throws Exception {
    int port = startServer(RpcServerConfig.builder());
    client = AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", port).batchSize(7).build());
    List<Event> sent = events(100);
    client.appendBatch(sent);
    assertEquals(15, handler.batches.size());
    assertSameEvents(sent, handler.allEvents());
  }

  @Test
  void failedStatusIsAnErrorNamingTheServer() throws Exception {
    handler.answering(RpcStatus.FAILED);
    int port = startServer(RpcServerConfig.builder());
    client = AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", port).build());
    RpcException e = assertThrows(RpcException.class, () -> client.appendBatch(events(3)));
    assertContains(e.getMessage(), "127.0.0.1:" + port, "answered FAILED");
    assertTrue(client.isActive(), "a FAILED status leaves the connection usable");
  }

  @Test
  void handlerExceptionComesBackAsAnErrorWithoutItsDetail() throws Exception {
    handler.failingWith(new IllegalStateException("channel c1 is broken"));
    int port = startServer(RpcServerConfig.builder());
    client = AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", port).build());
    RpcException e = assertThrows(RpcException.class, () -> client.appendBatch(events(1)));
    // the detail is in the server's log; the peer may be anyone who can connect
    assertContains(e.getMessage(), "127.0.0.1:" + port, "appendBatch failed on the server");
    assertFalse(e.getMessage().contains("c1"), e.getMessage());
    assertTrue(client.isActive());
  }

  @Test
  void requestTimeoutAgainstAHandlerThatNeverAnswers() throws Exception {
    handler.neverAnswering();
    int port = startServer(RpcServerConfig.builder());
    client = AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", port)
        .requestTimeout(Duration.ofMillis(200)).build());
    long start = System.nanoTime();
    RpcException e = assertThrows(RpcException.class, () -> client.appendBatch(events(2)));
    assertContains(e.getMessage(), "No reply from 127.0.0.1:" + port + " within 200 ms");
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    assertFalse(client.isActive());
    assertThrows(RpcException.class, () -> client.append(Event.of(new byte[1])));
  }

  @Test
  void connectRefusedNamesHostAndPort() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    RpcException e = assertThrows(RpcException.class, () -> AvroRpcClient.connect(
        RpcClientConfig.builder("127.0.0.1", freePort).connectTimeout(Duration.ofSeconds(2))
            .build()));
    assertContains(e.getMessage(), "Cannot connect to 127.0.0.1:" + freePort);
  }

  @Test
  void tlsClientRejectsServerWhoseNameDoesNotMatch() throws Exception {
    TestTls elsewhere = TestTls.create(tmp, "elsewhere", "dns:elsewhere.invalid");
    int port = startServer(RpcServerConfig.builder().tls(ServerTls.of(elsewhere.serverKeys())));
    RpcException e = assertThrows(RpcException.class, () -> AvroRpcClient.connect(
        RpcClientConfig.builder("127.0.0.1", port)
            .tls(ClientTls.trusting(elsewhere.trust())).build()));
    assertContains(e.getMessage(), "127.0.0.1:" + port);
    // Flume's behaviour (no host name check) is still available explicitly
    client = AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", port)
        .tls(new ClientTls(elsewhere.trust(), false, false, null, null)).build());
    client.appendBatch(events(1));
    assertEquals(1, handler.allEvents().size());
  }

  @Test
  void mutualTlsRequiresAClientCertificate() throws Exception {
    int port = startServer(RpcServerConfig.builder().tls(new ServerTls(
        tls.serverKeys(), tls.trust(), true, TlsFilters.defaults())));
    RpcException e = assertThrows(RpcException.class, () -> AvroRpcClient.connect(
        RpcClientConfig.builder("127.0.0.1", port).tls(ClientTls.trusting(tls.trust())).build()));
    assertContains(e.getMessage(), "127.0.0.1:" + port);
    // the test certificate doubles as the client's: the server trusts it
    client = AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", port)
        .tls(new ClientTls(tls.trust(), false, true, tls.serverKeys(), null)).build());
    client.appendBatch(events(2));
    assertEquals(2, handler.allEvents().size());
  }

  @Test
  void sslv3IsNeverEnabled() {
    TlsFilters asked = new TlsFilters(List.of("SSLv3", "TLSv1.2"), List.of(), List.of(), List.of());
    assertEquals(List.of("TLSv1.2"), asked.protocols(new String[] {"TLSv1.3"}));
    TlsFilters onlySsl3 = new TlsFilters(List.of("SSLv3"), List.of(), List.of(), List.of());
    assertThrows(IllegalArgumentException.class,
        () -> onlySsl3.protocols(new String[] {"TLSv1.3"}));
  }

  static void assertContains(String actual, String... parts) {
    for (String part : parts) {
      assertTrue(actual != null && actual.contains(part), "expected '" + part + "' in: " + actual);
    }
  }

  @Test
  void compressionMismatchFailsTheCall() throws Exception {
    int port = startServer(RpcServerConfig.builder().compression(Compression.DEFLATE));
    assertThrows(RpcException.class, () -> AvroRpcClient.connect(
        RpcClientConfig.builder("127.0.0.1", port).connectTimeout(Duration.ofSeconds(3)).build()));
  }
}
