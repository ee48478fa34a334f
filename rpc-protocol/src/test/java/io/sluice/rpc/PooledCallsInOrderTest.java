package io.sluice.rpc;

import static io.sluice.rpc.ClientServerTest.events;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.Event;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.BatchHandler;
import io.sluice.rpc.server.RpcServerConfig;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls a peer pipelines on one connection and the handler sends to the pool are handled one at a
 * time, in the order sent: a later call that would finish at once waits for the earlier one, so
 * events are committed and answered in the connection's order.
 */
class PooledCallsInOrderTest {
  /** Holds the first call until the test releases it; answers the others at once. */
  private static final class FirstCallHeld implements BatchHandler {
    final List<Integer> sizes = new CopyOnWriteArrayList<>();
    final CompletableFuture<RpcStatus> first = new CompletableFuture<>();

    @Override
    public CompletionStage<RpcStatus> appendBatch(List<Event> events, SocketAddress peer) {
      sizes.add(events.size());
      return sizes.size() == 1 ? first : CompletableFuture.completedFuture(RpcStatus.OK);
    }
  }

  private final FirstCallHeld handler = new FirstCallHeld();
  private AvroRpcServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aLaterCallWaitsForTheEarlierOneAndRepliesKeepTheirOrder() throws Exception {
    server = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1").handlerThreads(4)
        .build(), handler).start();
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      ByteArrayOutputStream calls = new ByteArrayOutputStream();
      calls.writeBytes(RawPeer.frame(1, RawPeer.batchPayload(events(3))));
      calls.writeBytes(RawPeer.frame(2, RawPeer.batchPayload(events(4))));
      calls.writeBytes(RawPeer.frame(3, RawPeer.batchPayload(events(5))));
      peer.out.write(calls.toByteArray()); // one write: read in one turn
      peer.out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> !handler.sizes.isEmpty());

      // Four idle handler threads could run calls 2 and 3 at once and answer them first.
      peer.socket.setSoTimeout(500);
      assertThrows(SocketTimeoutException.class, () -> peer.in.read(),
          "no reply while the first call is still being handled");
      assertEquals(List.of(3), handler.sizes, "calls 2 and 3 wait for call 1");

      handler.first.complete(RpcStatus.OK);
      peer.socket.setSoTimeout(10_000);
      peer.assertOkReply(1);
      peer.assertOkReply(2);
      peer.assertOkReply(3);
      assertEquals(List.of(3, 4, 5), handler.sizes);
    }
  }
}
