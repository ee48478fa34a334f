package io.sluice.rpc;

import static io.sluice.rpc.ClientServerTest.assertSameEvents;
import static io.sluice.rpc.ClientServerTest.events;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.Event;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.protocol.FlumeProtocol;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.RpcServerConfig;
import io.sluice.rpc.tls.ServerTls;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wire compatibility with the real Flume 1.11.0 SDK (its own Avro 1.11 and Netty 4.1.72). */
class FlumeInteropTest {
  @TempDir static Path tmp;
  static FlumeRuntime flume;
  static TestTls tls;

  @BeforeAll
  static void loadFlume() throws Exception {
    flume = new FlumeRuntime();
    tls = TestTls.create(tmp);
  }

  @AfterAll
  static void unloadFlume() throws Exception {
    flume.close();
  }

  @Test
  void protocolTextAndHashEqualFlumes() throws Exception {
    Object protocol = flume.protocol();
    assertEquals(protocol.toString(), FlumeProtocol.json());
    assertArrayEquals((byte[]) protocol.getClass().getMethod("getMD5").invoke(protocol),
        FlumeProtocol.md5());
  }

  @Test
  void flumeDefaultClientToOurServer() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (AvroRpcServer server = new AvroRpcServer(
        RpcServerConfig.builder().bind("127.0.0.1").build(), handler).start()) {
      FlumeRuntime.FlumeClient client = flume.defaultClient("127.0.0.1", server.boundPort(), 30);
      try {
        List<Event> sent = events(75);
        client.appendBatch(sent);
        assertEquals(List.of(30, 30, 15), handler.batches.stream().map(List::size).toList());
        assertSameEvents(sent, handler.allEvents());
      } finally {
        client.close();
      }
    }
  }

  @Test
  void flumeClientWithDeflateToOurServer() throws Exception {
    sendWithFlumeProperties(RpcServerConfig.builder().compression(Compression.DEFLATE),
        Map.of("compression-type", "deflate", "compression-level", "5"));
  }

  @Test
  void flumeClientWithTlsToOurServer() throws Exception {
    sendWithFlumeProperties(RpcServerConfig.builder().tls(ServerTls.of(tls.serverKeys())),
        Map.of("ssl", "true", "truststore", tls.trust().path().toString(),
            "truststore-password", TestTls.PASSWORD, "truststore-type", "JKS"));
  }

  @Test
  void flumeClientWithTlsAndDeflateToOurServer() throws Exception {
    sendWithFlumeProperties(RpcServerConfig.builder().tls(ServerTls.of(tls.serverKeys()))
            .compression(Compression.DEFLATE),
        Map.of("ssl", "true", "trust-all-certs", "true", "compression-type", "deflate"));
  }

  @Test
  void flumeFailedStatusReachesFlumeClientAsError() throws Exception {
    RecordingHandler handler = new RecordingHandler().answering(RpcStatus.FAILED);
    try (AvroRpcServer server = new AvroRpcServer(
        RpcServerConfig.builder().bind("127.0.0.1").build(), handler).start()) {
      FlumeRuntime.FlumeClient client = flume.defaultClient("127.0.0.1", server.boundPort(), 10);
      try {
        Exception e = assertThrows(Exception.class, () -> client.appendBatch(events(3)));
        assertEquals("org.apache.flume.EventDeliveryException", e.getClass().getName());
      } finally {
        client.close();
      }
    }
  }

  @Test
  void ourClientToFlumeServer() throws Exception {
    List<Map.Entry<Map<String, String>, byte[]>> received = new CopyOnWriteArrayList<>();
    try (FlumeRuntime.FlumeServer server = flume.server(received);
        AvroRpcClient client = AvroRpcClient.connect(
            RpcClientConfig.builder("127.0.0.1", server.port()).batchSize(20).build())) {
      List<Event> sent = events(50);
      client.appendBatch(sent);
      client.append(Event.of(Map.of("k", "v"), new byte[] {1, 2, 3}));
      assertEquals(51, received.size());
      for (int i = 0; i < sent.size(); i++) {
        assertEquals(sent.get(i).getHeaders(), received.get(i).getKey());
        assertArrayEquals(sent.get(i).getBody(), received.get(i).getValue());
      }
      assertArrayEquals(new byte[] {1, 2, 3}, received.get(50).getValue());
    }
  }

  private void sendWithFlumeProperties(RpcServerConfig.Builder config, Map<String, String> extra)
      throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (AvroRpcServer server =
        new AvroRpcServer(config.bind("127.0.0.1").build(), handler).start()) {
      Properties props = new Properties();
      props.setProperty("hosts", "h1");
      props.setProperty("hosts.h1", "127.0.0.1:" + server.boundPort());
      props.setProperty("batch-size", "40");
      props.putAll(extra);
      FlumeRuntime.FlumeClient client = flume.client(props);
      try {
        List<Event> sent = events(100);
        client.appendBatch(sent);
        assertSameEvents(sent, handler.allEvents());
        assertEquals(3, handler.batches.size());
      } finally {
        client.close();
      }
    }
  }
}
