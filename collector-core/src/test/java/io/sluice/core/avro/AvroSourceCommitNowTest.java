package io.sluice.core.avro;

import static io.sluice.core.avro.AvroFixture.body;
import static io.sluice.core.avro.AvroFixture.drain;
import static io.sluice.core.avro.AvroFixture.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.core.processing.DefaultChannelProcessor;
import io.sluice.core.processing.interceptor.StaticInterceptorConfig;
import io.sluice.core.processing.interceptor.StaticInterceptorFactory;
import io.sluice.core.processing.selector.ReplicatingChannelSelector;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.client.RpcException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Avro source over the agent's real channel processor and a memory channel, whose calls are
 * committed on the I/O thread when there is room: what arrives, in what order, with which
 * counters, and a full channel still answered FAILED (through the handler pool) until room frees.
 */
class AvroSourceCommitNowTest {
  private final AvroFixture fx = new AvroFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private DefaultChannelProcessor processor(Channel channel, Interceptor... interceptors) {
    return new DefaultChannelProcessor("r1",
        new ReplicatingChannelSelector(List.of(channel), List.of()), List.of(interceptors),
        fx.metrics.group("PROCESSOR.r1"));
  }

  private Interceptor stamp() throws Exception {
    StaticInterceptorFactory f = new StaticInterceptorFactory();
    StaticInterceptorConfig c = Configs.configure(f, Map.of("key", "via", "value", "r1"));
    return f.create(c, DefaultComponentContext.builder("a1", "i1",
        fx.metrics.group("INTERCEPTOR.i1")).build());
  }

  private AvroRpcClient client(AvroSource source) throws RpcException {
    return AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", source.boundPort()).build());
  }

  private void assertCounters(Map<String, Long> expected) {
    expected.forEach((name, value) -> assertEquals(value, fx.value("SOURCE.r1", name), name));
  }

  @Test
  void batchesAndAppendsArriveInOrderThroughTheInterceptorsWithFlumeCounters() throws Exception {
    Channel c1 = fx.memoryChannel("c1", 10_000, 1000);
    AvroSource source = fx.source("r1", processor(c1, stamp()), Map.of());
    try (AvroRpcClient client = client(source)) {
      for (int i = 0; i < 10; i++) {
        client.appendBatch(events(i * 100, i * 100 + 100));
      }
      client.append(events(1000, 1001).get(0));
    }

    List<Event> got = drain(c1, 1000);
    got = new ArrayList<>(got);
    got.addAll(drain(c1, 1000));
    assertEquals(1001, got.size());
    for (int i = 0; i < got.size(); i++) {
      assertEquals("e" + i, body(got.get(i)));
      assertEquals(Integer.toString(i), got.get(i).getHeaders().get("i"));
      assertEquals("r1", got.get(i).getHeaders().get("via"), "the interceptor ran on " + i);
    }
    assertCounters(Map.of("EventReceivedCount", 1001L, "EventAcceptedCount", 1001L,
        "AppendBatchReceivedCount", 10L, "AppendBatchAcceptedCount", 10L,
        "AppendReceivedCount", 1L, "AppendAcceptedCount", 1L, "ChannelWriteFail", 0L));
  }

  @Test
  void aFullChannelIsAnsweredFailedAndTheSameBatchIsAcceptedOnceThereIsRoom() throws Exception {
    Channel c1 = fx.memoryChannel("c1", 150, 100);
    AvroSource source = fx.source("r1", processor(c1), Map.of());
    try (AvroRpcClient client = client(source)) {
      client.appendBatch(events(0, 100));
      RpcException full = assertThrows(RpcException.class,
          () -> client.appendBatch(events(100, 200)));
      assertTrue(full.getMessage().contains("FAILED"), full.getMessage());
      assertEquals(100, c1.size(), "nothing of the refused batch went in");

      assertEquals(100, drain(c1, 100).size());
      client.appendBatch(events(100, 200)); // the sender's retry
    }
    List<Event> got = drain(c1, 100);
    assertEquals("e100", body(got.get(0)));
    assertEquals("e199", body(got.get(99)));
    assertCounters(Map.of("EventReceivedCount", 300L, "EventAcceptedCount", 200L,
        "ChannelWriteFail", 1L));
  }
}
