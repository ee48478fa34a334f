package io.sluice.rpc;

import static io.sluice.rpc.ClientServerTest.events;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.BatchHandler;
import io.sluice.rpc.server.RpcServerConfig;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** While every call permit is held, further calls wait (unread) instead of queueing. */
class BackPressureTest {
  private final List<CompletableFuture<RpcStatus>> open = new CopyOnWriteArrayList<>();
  private final List<String> calledOn = new CopyOnWriteArrayList<>();
  private final BatchHandler handler = (List<Event> events, SocketAddress peer) -> {
    calledOn.add(Thread.currentThread().getName());
    CompletableFuture<RpcStatus> reply = new CompletableFuture<>();
    open.add(reply);
    return (CompletionStage<RpcStatus>) reply;
  };

  @Test
  void callsBeyondMaxConcurrentCallsWaitForAPermit() throws Exception {
    try (AvroRpcServer server = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1")
        .handlerThreads(1).maxConcurrentCalls(1).build(), handler).start();
        AvroRpcClient first = client(server);
        AvroRpcClient second = client(server)) {
      CompletableFuture<Void> firstCall = CompletableFuture.runAsync(() -> send(first));
      await().atMost(Duration.ofSeconds(10)).until(() -> open.size() == 1);
      CompletableFuture<Void> secondCall = CompletableFuture.runAsync(() -> send(second));

      // The second call is not handed over while the first holds the only permit.
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
          .until(() -> open.size() == 1);
      open.get(0).complete(RpcStatus.OK);
      firstCall.get();

      await().atMost(Duration.ofSeconds(10)).until(() -> open.size() == 2);
      open.get(1).complete(RpcStatus.OK);
      secondCall.get();
      assertEquals(2, calledOn.size());
      calledOn.forEach(name -> assertEquals(true, name.startsWith("sluice-rpc-handler"), name));
    }
  }

  /**
   * #16 (Low): a healthy peer the server throttles is not closed as idle. Its call waits for the
   * only permit for four idle timeouts (the server is the one not reading it), then is answered.
   */
  @Test
  void aCallWaitingForAPermitDoesNotCountAsIdle() throws Exception {
    try (AvroRpcServer server = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1")
        .handlerThreads(1).maxConcurrentCalls(1).idleTimeout(Duration.ofMillis(200))
        .connectionIdleTimeout(Duration.ofMillis(200)).build(), handler).start();
        AvroRpcClient first = client(server);
        AvroRpcClient second = client(server)) {
      CompletableFuture<Void> firstCall = CompletableFuture.runAsync(() -> send(first));
      await().atMost(Duration.ofSeconds(10)).until(() -> open.size() == 1);
      CompletableFuture<Void> secondCall = CompletableFuture.runAsync(() -> send(second));
      await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
          .until(() -> open.size() == 1 && !secondCall.isDone());
      open.get(0).complete(RpcStatus.OK);
      firstCall.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> open.size() == 2);
      open.get(1).complete(RpcStatus.OK);
      secondCall.get(); // answered OK on the connection that waited: it was never closed
    }
  }

  private static AvroRpcClient client(AvroRpcServer server) throws Exception {
    return AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", server.boundPort())
        .requestTimeout(Duration.ofSeconds(30)).build());
  }

  private static void send(AvroRpcClient client) {
    try {
      client.appendBatch(events(3));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
